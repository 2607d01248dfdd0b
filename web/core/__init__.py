"""Plumbing shared by the portal's areas: config, database, models, mail outbox, security."""
