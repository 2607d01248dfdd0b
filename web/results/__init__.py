"""Results of a session: grades, the decisions the exam's rules give, their publication, the
relevé de notes, and the grades kept for the next session. Used by the back office and the
candidate space alike (no routes here)."""
