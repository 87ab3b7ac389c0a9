"""Evaluation's data: the facts it counts, and what it folds from its own event log and holds in memory."""
