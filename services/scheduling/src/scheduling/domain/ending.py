"""How a partnership ends: early (dissolved) or at its term (closed, with a final review).

Dissolving is open to its members and the programme's coordinator, at any point before it ended, and names who asked
for it: a member names their own part (mentor or mentee), a coordinator anyone's, theirs included. The mentor or the
coordinator ends the whole partnership; a group's mentee ends only their own place in it, as one member cannot end
the group for the others (unless they were its last mentee). A member who withdraws from the programme ends their
partnerships the same way, initiated by the withdrawal: a mentor's or a pair's mentee's ends the whole partnership,
a group member's takes only them out of the group. Closing takes an active partnership: with reason
`term_completed` from one month before its term ends, with `goals_achieved` whenever its goals are met. The texts
(the explanation, the review, what each goal achieved) stay with scheduling for the coordinator; the facts carry
reasons and per-goal outcomes only. Whether someone may end it is answered before whether it ended already, so an
outsider learns nothing of a partnership that is not theirs.
"""

from dataclasses import dataclass
from datetime import date
from typing import Any

from mentoring_contracts import PairDissolved, PartnershipClosed
from mentoring_contracts.api import ClosePartnership, DissolvePartnership
from mentoring_contracts.names import ClosureReason, DissolutionReason, Initiator, PartnershipStatus
from mentoring_runtime.calendar_months import add_months
from mentoring_runtime.errors import Conflict, Forbidden, Invalid
from scheduling.domain.partnership import Partnership

NEAR_TERM_MONTHS = 1


class AlreadyEnded(Conflict):
    """The partnership was dissolved or closed already: nothing more ends it."""


@dataclass(frozen=True)
class Explanation:
    """What stays beside a dissolution, for the coordinator: why, in the words of who asked for it."""

    explanation: str


@dataclass(frozen=True)
class Review:
    """What stays beside a closure, for the coordinator: the final review, and each goal with what it achieved."""

    review: str
    goals: list[dict[str, Any]]


def dissolve(
    partnership: Partnership, person_id: str, coordinator: bool, request: DissolvePartnership
) -> tuple[PairDissolved, Explanation]:
    if not coordinator and not partnership.is_member(person_id):
        raise Forbidden(f"only {partnership.members} or the programme's coordinator can dissolve it")
    _not_ended(partnership)
    leaving = partnership.mentee_ids
    if not coordinator:
        own = Initiator.MENTOR if person_id == partnership.mentor_id else Initiator.MENTEE
        if request.initiated_by is not own:
            raise Invalid(
                f"as the {partnership.noun}'s {own} you can only name yourself ({own!s}) as who asked for it",
                "initiated_by",
            )
        if partnership.group_id is not None and own is Initiator.MENTEE:
            leaving = frozenset({person_id})
    if request.initiated_by is Initiator.WITHDRAWAL:
        raise Invalid("a withdrawal ends partnerships by itself: withdraw the participant instead", "initiated_by")
    event = _dissolved(partnership, leaving, request.reason, request.initiated_by)
    return event, Explanation(request.explanation)


def withdrawn(partnership: Partnership, person_id: str) -> PairDissolved | None:
    """What a member's withdrawal from the programme does to the partnership: None when it does not concern it."""
    if partnership.status.ended or not partnership.is_member(person_id):
        return None
    leaving = partnership.mentee_ids if person_id == partnership.mentor_id else frozenset({person_id})
    return _dissolved(partnership, leaving, DissolutionReason.PARTICIPANT_WITHDREW, Initiator.WITHDRAWAL)


def close(
    partnership: Partnership, person_id: str, coordinator: bool, request: ClosePartnership, term_ends: date,
    today: date,
) -> tuple[PartnershipClosed, Review]:  # fmt: skip
    if not coordinator and not partnership.is_member(person_id):
        raise Forbidden(f"only {partnership.members} or the programme's coordinator can close it")
    if not coordinator and partnership.group_id is not None and person_id != partnership.mentor_id:
        raise Forbidden("only the group's mentor or the programme's coordinator can close a group for all its members")
    _not_ended(partnership)
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
    return event, Review(request.review, [goal.model_dump(mode="json") for goal in request.goals])


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
