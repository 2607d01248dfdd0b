"""Exam documentation: one accessible French HTML page per exam, built from its spec."""
