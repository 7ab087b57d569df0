"""The input workbook: its layout of sheets and columns (:mod:`.schema`), reading it into records
with every problem's place (:mod:`.reader`), and the rules across rows (:mod:`.checks`).

Reading needs no openpyxl: :mod:`.excel` holds the few of its rules the reader follows (column
letters, the styles that show dates, shared strings, dates); :mod:`.guides` and :mod:`.marks`,
which write workbooks, import it. Use ``docgen.load`` / ``docgen.validate``."""
