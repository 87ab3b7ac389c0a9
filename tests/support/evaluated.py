"""What evaluation hears of a partnership, as the other services publish it, for evaluation's unit tests: a pair or
a group matched, its agreement signed, meetings held, and its ending."""

from datetime import datetime
from typing import Any

from evaluation.bootstrap import Evaluation
from mentoring_contracts import AgreementSigned, Envelope
from tests.support.factories import group_formed, meeting_logged, pair_matched, program_opened, wrapped

AGENCY = "agency-a"


def at(envelope: Envelope[Any], when: str) -> Envelope[Any]:
    """The envelope as if it happened at `when` (ISO 8601)."""
    return envelope.model_copy(update={"occurred_at": datetime.fromisoformat(when)})


def signed(pair_id: str = "p1", signed_at: str = "2026-03-01T09:00:00Z", **fields: Any) -> Envelope[Any]:
    values = {"program_id": "g1", "version": 1, "mentor_id": "mentor", "mentee_ids": ("mentee",)}
    event = AgreementSigned(pair_id=pair_id, signed_at=signed_at, **{**values, **fields})
    return wrapped(event, AGENCY, "scheduling")


def met(pair_id: str = "p1", held_at: str = "2026-03-02T10:00:00Z", **fields: Any) -> Envelope[Any]:
    return wrapped(meeting_logged(pair_id, held_at=held_at, **fields), AGENCY, "scheduling")


def matched(pair_id: str = "p1", when: str = "2026-02-01T09:00:00Z", **fields: Any) -> Envelope[Any]:
    """The pair matched (mentor "mentor", mentee "mentee", programme g1 unless told otherwise) at `when`."""
    return at(wrapped(pair_matched(pair_id, **fields), AGENCY, "matching"), when)


def member_matched(mentee: str, group_id: str = "grp1", when: str = "2026-02-01T09:00:00Z") -> Envelope[Any]:
    """A group member's own PairMatched, pair id `p-{mentee}`, as matching publishes it in a group programme."""
    return matched(f"p-{mentee}", when, mentee_id=mentee, group_id=group_id)


def formed(group_id: str = "grp1", mentees: str = "e1 e2", when: str = "2026-02-01T09:00:00Z") -> Envelope[Any]:
    return at(wrapped(group_formed(group_id, mentees), AGENCY, "matching"), when)


def opened(program_id: str = "g1", duration_months: int = 12, **fields: Any) -> Envelope[Any]:
    return wrapped(program_opened(program_id, duration_months=duration_months, **fields), AGENCY, "enrolment")


async def hear(evaluation: Evaluation, *envelopes: Envelope[Any]) -> None:
    """Hand each envelope to evaluation's partnership handler for its event, in the order given."""
    handlers = evaluation.partnerships_heard.consumed()
    for envelope in envelopes:
        await handlers[type(envelope.payload)](envelope)
