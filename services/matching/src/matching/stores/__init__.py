"""Matching's own data: its view of enrolment, its match runs and the claims that keep runs from colliding."""

from matching.stores.candidates import CandidateStore, ProfileChange
from matching.stores.claims import Claims, WantedPair
from matching.stores.runs import RunStore

__all__ = ["CandidateStore", "Claims", "ProfileChange", "RunStore", "WantedPair"]
