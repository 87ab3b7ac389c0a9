"""Matching's application services: requests and reads, the runs behind them, and enrolment's facts taken in."""

from matching.handlers.enrolment import Pool
from matching.handlers.requests import Matching
from matching.handlers.runner import MatchRunner

__all__ = ["MatchRunner", "Matching", "Pool"]
