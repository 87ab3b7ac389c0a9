"""Matching's own data: its view of enrolment, its match runs with their inputs and outcomes, and the claims that
keep runs and manual pairs from colliding."""

from matching.stores.candidates import CandidateStore, PolicyChange, ProfileChange
from matching.stores.claims import Claims, WantedPair
from matching.stores.outcomes import OutcomeStore
from matching.stores.problems import content_hash, problem_document, problem_of
from matching.stores.runs import RunRef, RunRequest, RunStore
from matching.stores.snapshots import SnapshotStore

__all__ = [
    "CandidateStore",
    "Claims",
    "OutcomeStore",
    "PolicyChange",
    "ProfileChange",
    "RunRef",
    "RunRequest",
    "RunStore",
    "SnapshotStore",
    "WantedPair",
    "content_hash",
    "problem_document",
    "problem_of",
]
