"""The back office's side of results: grade entry, CSV import, decisions list, export."""
