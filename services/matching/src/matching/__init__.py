"""Matching: the pool of approved people, match runs over it, and the pairs they publish."""
