"""Exam spec: loading, schema and semantic checks, compiled model."""
