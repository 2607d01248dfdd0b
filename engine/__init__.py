"""examforms engine: pure Python spec loading, checking and rules (no web, no database)."""
