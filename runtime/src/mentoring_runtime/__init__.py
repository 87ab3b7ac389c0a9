"""Plumbing every mentoring service needs, written once: settings, logs, telemetry, HTTP app, store, broker,
event log with its outbox relay, idempotent consumers and dead letters."""
