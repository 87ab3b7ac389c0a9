"""Matching's application services: match runs and their review, manual matching, enrolment's facts and
scheduling's endings taken in; with the background jobs, the pair ledger and the planner they share."""

from matching.handlers.endings import Endings
from matching.handlers.enrolment import Pool
from matching.handlers.jobs import RunJobs
from matching.handlers.ledger import PairLedger
from matching.handlers.manual import ManualMatching
from matching.handlers.planning import Planner
from matching.handlers.publishing import Publisher
from matching.handlers.runs import MatchRuns
from matching.handlers.solving import RunSolver

__all__ = [
    "Endings",
    "ManualMatching",
    "MatchRuns",
    "PairLedger",
    "Planner",
    "Pool",
    "Publisher",
    "RunJobs",
    "RunSolver",
]
