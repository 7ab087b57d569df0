"""The input workbook: its layout of sheets and columns (:mod:`.schema`), reading it into records
with every problem's place (:mod:`.reader`), and the rules across rows (:mod:`.checks`).

Only :mod:`.reader` imports openpyxl; use ``docgen.load`` / ``docgen.validate``."""
