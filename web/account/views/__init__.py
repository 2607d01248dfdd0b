"""Routes of the account area (on web.account.bp)."""
