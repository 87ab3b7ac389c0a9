"""Evaluation's settings: the MENTORING_* variables every service reads, on its own port, and the k-anonymity
threshold of leadership's answers (MENTORING_MIN_PEOPLE, MENTORING_MIN_PEOPLE_BY_AGENCY).

No threshold below 3 is ever used: a setting below it stops the service at start-up, saying which one and what to
set instead, rather than serving answers less private than the issue allows.
"""

from pydantic import field_validator

from evaluation.domain.disclosure import LOWEST_MIN_PEOPLE
from mentoring_runtime.settings import ServiceSettings

SERVICE = "evaluation"


class EvaluationSettings(ServiceSettings):
    http_port: int = 8104
    # Leadership is shown no figure computed over fewer people than this (domain/disclosure.py).
    min_people: int = 5
    # An agency's own threshold, as JSON: {"agency-id": 10}. Agencies not named use min_people.
    min_people_by_agency: dict[str, int] = {}

    @field_validator("min_people")
    @classmethod
    def _at_least_lowest(cls, value: int) -> int:
        if value < LOWEST_MIN_PEOPLE:
            raise ValueError(
                f"MENTORING_MIN_PEOPLE is {value}: leadership's answers withhold figures over fewer than this many "
                f"people, and it may not be below {LOWEST_MIN_PEOPLE}; set it to {LOWEST_MIN_PEOPLE} or more "
                "(unset, it is 5)"
            )
        return value

    @field_validator("min_people_by_agency")
    @classmethod
    def _each_at_least_lowest(cls, value: dict[str, int]) -> dict[str, int]:
        low = {agency: k for agency, k in sorted(value.items()) if k < LOWEST_MIN_PEOPLE}
        if low:
            raise ValueError(
                f"MENTORING_MIN_PEOPLE_BY_AGENCY sets {low}: no agency's threshold may be below {LOWEST_MIN_PEOPLE}; "
                f"raise these to {LOWEST_MIN_PEOPLE} or more, or leave them out to use MENTORING_MIN_PEOPLE"
            )
        return value

    def min_people_for(self, agency_id: str) -> int:
        """The k of an agency's leadership answers: its own threshold, or everyone's."""
        return self.min_people_by_agency.get(agency_id, self.min_people)
