"""The office's candidatures: search and filters, one candidature's file, actions, exports."""
