"""Scheduling's data: partnerships and programme terms folded from its event log and held in memory."""
