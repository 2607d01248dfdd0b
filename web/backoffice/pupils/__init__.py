"""School pupils: the office's CSV import, their logins and credentials slips."""
