"""Enrolment's rules, free of I/O: programmes, people, applications and information sessions, each an aggregate
folded from its facts (`folding`), with the decisions it allows."""
