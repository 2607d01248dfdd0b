"""Developer tools: the demo data, the local SMTP sink and `make run`'s process runner."""
