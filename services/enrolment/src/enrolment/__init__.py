"""Enrolment: programmes and the people who apply to them."""
