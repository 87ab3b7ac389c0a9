"""No text a partnership writes leaves scheduling: the agreement's terms, agendas, notes, a dissolution's explanation
and a final review are kept beside the facts, never in any fact's envelope, published or internal, nor in the
outbox the relay publishes from."""

import json

import pytest

from mentoring_contracts.api import (
    ChangeScheduledMeeting,
    ClosePartnership,
    DissolvePartnership,
    LogMeeting,
    ScheduleMeeting,
    SignAgreement,
)
from tests.support.lifecycle import Lifecycle, coordinator, member, proposal

pytestmark = pytest.mark.unit

SECRETS = {
    "ground rule": "Never mention the restructuring",
    "confidentiality": "Nothing about her sick leave leaves this room",
    "additional terms": "We both dislike the director",
    "agenda": "Prepare for the disciplinary hearing",
    "new agenda": "Talk through the grievance",
    "notes": "She cried about her divorce",
    "explanation": "He made racist remarks",
    "review": "She is ready to apply for the head of unit post",
    "goal": "Get over the fear of the board",
    "achieved": "Presented to the board twice without notes",
}


async def test_no_fact_scheduling_stores_carries_any_of_the_partnerships_texts() -> None:
    life = await Lifecycle.started()
    mentor, mentee = member("mentor"), member("mentee")
    for pair_id, mentee_id in (("p1", "mentee"), ("p2", "mentee2")):
        await life.pair(pair_id, mentee_id=mentee_id)
        terms = proposal(
            0,
            ground_rules=[SECRETS["ground rule"]],
            confidentiality=SECRETS["confidentiality"],
            additional_terms=SECRETS["additional terms"],
        )
        await life.scheduling.agreements.propose(mentor, pair_id, terms)
        for person in ("mentor", mentee_id):
            await life.scheduling.agreements.sign(member(person), pair_id, SignAgreement(version=1))
    meetings = life.scheduling.meetings
    planned = ScheduleMeeting.model_validate(
        {
            "starts_at": "2026-03-10T10:00:00Z",
            "duration_minutes": 60,
            "mode": "in_person",
            "location": "Room 2",
            "agenda": SECRETS["agenda"],
        }  # fmt: skip
    )
    first = await meetings.schedule_meeting(mentee, "p1", planned)
    await meetings.change_scheduled_meeting(
        mentor, "p1", first, ChangeScheduledMeeting(agenda=SECRETS["new agenda"], checklist_done=("goals",))
    )
    held = LogMeeting.model_validate(
        {"held_at": "2026-03-10T10:00:00Z", "duration_minutes": 60, "notes": SECRETS["notes"], "notes_shared": True}
    )
    await meetings.log_meeting(mentee, "p1", held.model_copy(update={"scheduled_meeting_id": first}))
    await meetings.schedule_meeting(mentor, "p2", planned)
    await life.scheduling.endings.dissolve(
        coordinator(),
        "p2",
        DissolvePartnership(reason="conduct", initiated_by="mentee", explanation=SECRETS["explanation"]),
    )
    review = {
        "reason": "goals_achieved",
        "review": SECRETS["review"],
        "goals": [{"goal": SECRETS["goal"], "achieved": SECRETS["achieved"], "outcome": "achieved"}],
    }
    await life.scheduling.endings.close(mentee, "p1", ClosePartnership.model_validate(review))

    facts = await life.every_fact()
    kinds = {fact["event_type"] for fact in facts}
    assert {
        "AgreementProposed", "AgreementSigned", "MeetingScheduled", "MeetingRescheduled", "ChecklistTicked",
        "MeetingLogged", "PairDissolved", "MeetingCancelled", "PartnershipClosed",
    } <= kinds  # fmt: skip
    outbox = await life.outbox()
    assert outbox  # nothing relayed it in this test: every published fact waits there
    published = json.dumps([fact["envelope"] for fact in facts] + [entry["envelope"] for entry in outbox])
    kept = json.dumps([fact["private"] for fact in facts])
    for what, text in SECRETS.items():
        assert text not in published, f"the {what} is in a fact"
        assert text in kept, f"the {what} was not kept beside its fact"
