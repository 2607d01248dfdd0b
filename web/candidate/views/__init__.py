"""Routes of the candidate space (on web.candidate.bp)."""
