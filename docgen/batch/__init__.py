"""Writing many documents at once: the batch (:mod:`.run`), the forked helper that reads the
workbook meanwhile (:mod:`.aside`), what was written and from what (:mod:`.manifest`), the register
for people (:mod:`.register`), and PDF through LibreOffice (:mod:`.pdf`)."""
