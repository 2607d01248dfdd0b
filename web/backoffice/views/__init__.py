"""Routes of the back office (on web.backoffice.bp)."""
