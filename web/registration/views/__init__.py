"""Routes of the registration area (on web.registration.bp)."""
