"""Evaluation's application services: load what a decision needs, decide in the domain, record the fact."""
