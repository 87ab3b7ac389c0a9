"""How a partnership ends: early (dissolved) or at its term (closed, with a final review).

Dissolving is open to its members and the programme's coordinator, at any point before it ended, and names who asked
for it: a member names their own part (mentor or mentee), a coordinator anyone's, theirs included. A member who
withdraws from the programme ends their partnerships the same way, initiated by the withdrawal: a mentor's or a
pair's mentee's ends the whole partnership, a group member's takes only them out of the group (unless they were its
last mentee). Closing takes an active partnership: with reason `term_completed` from one month before its term
ends, with `goals_achieved` whenever its goals are met. The texts (the explanation, the review, what each goal
achieved) stay with scheduling for the coordinator; the facts carry reasons and per-goal outcomes only.
"""

from dataclasses import dataclass
from datetime import date
from typing import Any

from mentoring_contracts import PairDissolved, PartnershipClosed
from mentoring_contracts.api import ClosePartnership, DissolvePartnership
from mentoring_contracts.names import ClosureReason, DissolutionReason, Initiator, PartnershipStatus
from mentoring_runtime.errors import Conflict, Forbidden, Invalid
from scheduling.domain.partnership import Partnership, add_months

NEAR_TERM_MONTHS = 1


class AlreadyEnded(Conflict):
    """The partnership was dissolved or closed already: nothing more ends it."""


@dataclass(frozen=True)
class EndingText:
    """What stays beside the fact, for the coordinator: an explanation, or the final review and its goals."""

    text: dict[str, Any]


def dissolve(
    partnership: Partnership, person_id: str, coordinator: bool, request: DissolvePartnership
) -> tuple[PairDissolved, EndingText]:
    _not_ended(partnership)
    if not coordinator:
        own = Initiator.MENTOR if person_id == partnership.mentor_id else Initiator.MENTEE
        if not partnership.is_member(person_id):
            raise Forbidden(f"only {partnership.members} or the programme's coordinator can dissolve it")
        if request.initiated_by is not own:
            raise Invalid(
                f"as the {partnership.noun}'s {own} you can only name yourself ({own!s}) as who asked for it",
                "initiated_by",
            )
    if request.initiated_by is Initiator.WITHDRAWAL:
        raise Invalid("a withdrawal ends partnerships by itself: withdraw the participant instead", "initiated_by")
    event = _dissolved(partnership, partnership.mentee_ids, request.reason, request.initiated_by)
    return event, EndingText({"explanation": request.explanation})


def withdrawn(partnership: Partnership, person_id: str) -> PairDissolved | None:
    """What a member's withdrawal from the programme does to the partnership: None when it does not concern it."""
    if partnership.status.ended or not partnership.is_member(person_id):
        return None
    leaving = partnership.mentee_ids if person_id == partnership.mentor_id else frozenset({person_id})
    return _dissolved(partnership, leaving, DissolutionReason.PARTICIPANT_WITHDREW, Initiator.WITHDRAWAL)


def close(
    partnership: Partnership, person_id: str, coordinator: bool, request: ClosePartnership, term_ends: date,
    today: date,
) -> tuple[PartnershipClosed, EndingText]:  # fmt: skip
    _not_ended(partnership)
    if not coordinator and not partnership.is_member(person_id):
        raise Forbidden(f"only {partnership.members} or the programme's coordinator can close it")
    if partnership.status is not PartnershipStatus.ACTIVE:
        raise Conflict(
            "the partnership is not active yet, so it has no term to close at: sign the agreement first, or dissolve it"
        )
    closable_from = add_months(term_ends, -NEAR_TERM_MONTHS)
    if request.reason is ClosureReason.TERM_COMPLETED and today < closable_from:
        raise Conflict(
            f"the term ends on {term_ends.isoformat()}: it can be closed as completed from "
            f"{closable_from.isoformat()}; close it as goals_achieved if its goals are met, or dissolve it"
        )
    event = PartnershipClosed(
        pair_id=partnership.partnership_id,
        program_id=partnership.program_id,
        mentor_id=partnership.mentor_id,
        mentee_ids=tuple(sorted(partnership.mentee_ids)),
        group_id=partnership.group_id,
        reason=request.reason,
        goal_outcomes=tuple(goal.outcome for goal in request.goals),
    )
    review = {"review": request.review, "goals": [goal.model_dump(mode="json") for goal in request.goals]}
    return event, EndingText(review)


def _not_ended(partnership: Partnership) -> None:
    if partnership.ending is not None:
        raise AlreadyEnded(f"the {partnership.noun} was {partnership.ending.status} already")


def _dissolved(
    partnership: Partnership, leaving: frozenset[str], reason: DissolutionReason, initiated_by: Initiator
) -> PairDissolved:
    return PairDissolved(
        pair_id=partnership.partnership_id,
        program_id=partnership.program_id,
        mentor_id=partnership.mentor_id,
        mentee_ids=tuple(sorted(leaving)),
        group_id=partnership.group_id,
        whole=leaving == partnership.mentee_ids,
        reason=reason,
        initiated_by=initiated_by,
    )
