"""Scheduling's word that a partnership ended, as scheduling publishes it, for matching's tests."""

from collections.abc import Iterable
from typing import Any

from mentoring_contracts import Envelope, PairDissolved, PartnershipClosed
from mentoring_contracts.names import ClosureReason, DissolutionReason, GoalOutcome, Initiator
from tests.support.factories import wrapped


def dissolved(
    agency_id: str, program_id: str, partnership_id: str, mentor_id: str, mentee_ids: Iterable[str], **fields: Any
) -> Envelope[Any]:
    """The partnership (a pair's id, or a group's) dissolved early for `mentee_ids`; whole unless told otherwise."""
    values = {"whole": True, "reason": DissolutionReason.POOR_FIT, "initiated_by": Initiator.COORDINATOR}
    event = PairDissolved(
        pair_id=partnership_id, program_id=program_id, mentor_id=mentor_id, mentee_ids=tuple(mentee_ids),
        **{**values, **fields},
    )  # fmt: skip
    return wrapped(event, agency_id, "scheduling")


def closed(
    agency_id: str, program_id: str, partnership_id: str, mentor_id: str, mentee_ids: Iterable[str], **fields: Any
) -> Envelope[Any]:
    """The partnership closed at term with a final review of one goal, achieved."""
    values = {"reason": ClosureReason.TERM_COMPLETED, "goal_outcomes": (GoalOutcome.ACHIEVED,)}
    event = PartnershipClosed(
        pair_id=partnership_id, program_id=program_id, mentor_id=mentor_id, mentee_ids=tuple(mentee_ids),
        **{**values, **fields},
    )  # fmt: skip
    return wrapped(event, agency_id, "scheduling")
