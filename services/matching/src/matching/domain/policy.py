"""A programme's matching policy as the domain reads it: every criterion weighed, every switchable rule set.

Built from the contract's `MatchingPolicy`, which names only what a coordinator changed; here nothing is left to a
default, so a run's snapshot holds the whole policy it was solved under and reproduces without the contract's
defaults of the day.
"""

from dataclasses import dataclass, field, replace

from mentoring_contracts.enrolment import MatchingPolicy
from mentoring_contracts.names import Criterion, MatchObjective

MUST_WEIGHT = 10  # a must-match criterion also counts in the score, at the highest weight


@dataclass(frozen=True)
class Policy:
    weights: dict[Criterion, int] = field(default_factory=lambda: _weights(MatchingPolicy()))
    must: frozenset[Criterion] = frozenset()
    objective: MatchObjective = MatchObjective.MOST_MATCHED
    min_score: float | None = None
    shared_language: bool = True
    max_time_zone_hours: float | None = None
    min_grade_gap: int = 0
    preferred_grade_gap: int = 2

    @classmethod
    def of(cls, policy: MatchingPolicy) -> "Policy":
        return cls(
            weights=_weights(policy),
            must=frozenset(c for c in Criterion if policy.weight(c) == "must"),
            objective=policy.objective,
            min_score=policy.min_score,
            shared_language=policy.hard_rules.shared_language,
            max_time_zone_hours=policy.hard_rules.max_time_zone_hours,
            min_grade_gap=policy.hard_rules.min_grade_gap,
            preferred_grade_gap=policy.preferred_grade_gap,
        )

    def overridden(self, objective: MatchObjective | None, min_score: float | None) -> "Policy":
        """The policy with a run request's own objective or minimum score, where it names one."""
        return replace(
            self,
            objective=objective or self.objective,
            min_score=self.min_score if min_score is None else min_score,
        )

    @property
    def total_weight(self) -> int:
        return sum(self.weights.values())


def _weights(policy: MatchingPolicy) -> dict[Criterion, int]:
    return {c: MUST_WEIGHT if (w := policy.weight(c)) == "must" else int(w) for c in Criterion}
