"""Scheduling: partnerships from matched pairs, and the meetings their members log."""
