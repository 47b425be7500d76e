"""Spreadsheet in, spreadsheet out: a council's year as the Excel workbook clerks keep
(docs/import-format.md). Export writes it; import reads it back, all or nothing, every row saved
through councils.records.save_record like a form."""
