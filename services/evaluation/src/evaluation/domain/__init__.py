"""Evaluation's rules, free of I/O: what each event counts as, and how the counts become a programme's metrics."""

from evaluation.domain.counting import (
    COUNTED_EVENTS,
    Counted,
    FactKind,
    KindTotal,
    Withdrawal,
    counted,
    left,
    program_metrics,
    with_fact,
    withdrawal,
)

__all__ = [
    "COUNTED_EVENTS",
    "Counted",
    "FactKind",
    "KindTotal",
    "Withdrawal",
    "counted",
    "left",
    "program_metrics",
    "with_fact",
    "withdrawal",
]
