"""Enrolment's application services: each loads what a decision needs, decides in the domain, records the facts."""
