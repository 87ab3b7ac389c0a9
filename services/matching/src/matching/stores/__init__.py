"""Matching's own data: its view of enrolment, its match runs with their inputs and outcomes, mentees' requests for a
mentor, and the claims that keep runs, manual pairs and accepted requests from colliding."""

from matching.stores.candidates import CandidateStore, PolicyChange, ProfileChange
from matching.stores.claims import Claims, WantedPair
from matching.stores.outcomes import OutcomeStore
from matching.stores.problems import content_hash, problem_document, problem_of
from matching.stores.requests import RequestStore
from matching.stores.runs import RunRef, RunRequest, RunStore
from matching.stores.snapshots import SnapshotStore

__all__ = [
    "CandidateStore",
    "Claims",
    "OutcomeStore",
    "PolicyChange",
    "ProfileChange",
    "RequestStore",
    "RunRef",
    "RunRequest",
    "RunStore",
    "SnapshotStore",
    "WantedPair",
    "content_hash",
    "problem_document",
    "problem_of",
]
