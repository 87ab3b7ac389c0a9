"""Evaluation: programme figures counted from every service's events."""
