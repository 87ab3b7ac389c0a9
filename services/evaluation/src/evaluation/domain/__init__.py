"""Evaluation's rules, free of I/O: what each event counts as, and how the counts become a programme's metrics."""

from evaluation.domain.counting import COUNTED_EVENTS, Counted, FactKind, KindTotal, counted, program_metrics, with_fact

__all__ = ["COUNTED_EVENTS", "Counted", "FactKind", "KindTotal", "counted", "program_metrics", "with_fact"]
