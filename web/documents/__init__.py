"""Documents the exam office publishes to candidatures in bulk (convocations, demandes and
relances de pièces, notifications d'aménagements…), as jobs run by worker processes."""
