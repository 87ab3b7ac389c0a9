from datetime import UTC, datetime, timedelta, timezone
from uuid import uuid4

import pytest
from pydantic import ValidationError

from mentoring_contracts import (
    EVENTS,
    Cadence,
    EligibilityRules,
    Envelope,
    Event,
    MatchingPolicy,
    MeetingLogged,
    MenteeEnrolled,
    MentorEnrolled,
    PairMatched,
    ParticipantFacts,
    ProgramOpened,
    UnknownEvent,
    parse_envelope,
)
from mentoring_contracts.enrolment import MenteeEnrolledV1, MentorEnrolledV1, ProgramOpenedV1
from mentoring_contracts.matching import PairMatchedV1
from mentoring_contracts.names import MatchMode, ProgramKind
from mentoring_runtime.event_log import StoredFact

pytestmark = pytest.mark.unit


def _pair() -> PairMatched:
    return PairMatched(
        pair_id="p1", program_id="g1", mode=MatchMode.RUN, run_id="r1", mentor_id="m1", mentee_id="e1", score=50
    )


def test_an_envelope_round_trips_through_json_with_its_payload_type() -> None:
    envelope = Envelope.wrap(_pair(), agency_id="a1", producer="matching")
    parsed = parse_envelope(envelope.model_dump_json().encode(), EVENTS)
    assert parsed == envelope
    assert isinstance(parsed.payload, PairMatched)
    assert parsed.aggregate_id == "p1"
    assert parsed.correlation_id == parsed.event_id


def test_occurred_at_is_normalised_to_utc() -> None:
    held = datetime(2026, 1, 1, 9, tzinfo=timezone(timedelta(hours=2)))
    meeting = MeetingLogged(
        meeting_id="x", pair_id="p", program_id="g", held_at=held, duration_minutes=30, logged_by="u"
    )
    envelope = Envelope.wrap(meeting, agency_id="a", producer="scheduling")
    shifted = Envelope[MeetingLogged].model_validate({**envelope.model_dump(), "occurred_at": held})
    assert shifted.occurred_at.utcoffset() == timedelta(0)
    assert shifted.occurred_at == held


def test_a_payload_that_breaks_its_schema_is_rejected_with_the_field_named() -> None:
    data = Envelope.wrap(_pair(), agency_id="a1", producer="matching").model_dump(mode="json")
    data["payload"]["score"] = 700
    with pytest.raises(ValidationError, match="score"):
        parse_envelope(data, EVENTS)


def test_an_unknown_event_type_is_told_apart_from_a_broken_one() -> None:
    data = Envelope.wrap(_pair(), agency_id="a1", producer="matching").model_dump(mode="json")
    data["event_type"] = "PairRenamed"
    with pytest.raises(UnknownEvent, match="PairRenamed v2"):
        parse_envelope(data, EVENTS)


def test_extra_fields_are_refused_so_free_text_cannot_slip_into_an_event() -> None:
    with pytest.raises(ValidationError, match="notes"):
        MeetingLogged(
            meeting_id="x",
            pair_id="p",
            program_id="g",
            held_at=datetime.now(UTC),
            duration_minutes=30,
            logged_by="u",
            notes="private",
        )


def test_envelope_requires_an_agency() -> None:
    with pytest.raises(ValidationError, match="agency_id"):
        Envelope[PairMatched](
            event_type="PairMatched",
            event_version=2,
            agency_id="",
            aggregate_id="p1",
            correlation_id=uuid4(),
            producer="matching",
            payload=_pair(),
        )


V1_PERSON = {
    "program_id": "g1",
    "participant_id": "part-1",
    "person_id": "m1",
    "department": "finance",
    "grade": "g7",
    "manager_id": "boss",
    "languages": ("en", "fr"),
}
V2_FACTS = ParticipantFacts(department="finance", grade="g7", manager_id="boss", languages=("en", "fr"))


def _published(event: Event) -> bytes:
    return Envelope.wrap(event, agency_id="a1", producer="enrolment").model_dump_json().encode()


def test_a_version_1_mentor_enrolment_is_read_as_version_2_with_its_facts_grouped() -> None:
    parsed = parse_envelope(_published(MentorEnrolledV1(**V1_PERSON, skills=("sql",), capacity=2)), EVENTS)
    assert parsed.event_version == 1, "the envelope keeps the version it was published with"
    assert parsed.payload == MentorEnrolled(
        program_id="g1",
        participant_id="part-1",
        person_id="m1",
        facts=V2_FACTS,
        exception=False,
        skills=("sql",),
        capacity=2,
    )


def test_a_version_1_mentee_enrolment_is_read_as_version_2_without_goals() -> None:
    parsed = parse_envelope(_published(MenteeEnrolledV1(**V1_PERSON, desired_skills=("sql",))), EVENTS)
    assert parsed.payload == MenteeEnrolled(
        program_id="g1",
        participant_id="part-1",
        person_id="m1",
        facts=V2_FACTS,
        exception=False,
        desired_skills=("sql",),
        goal_tags=(),
    )


def test_a_version_1_programme_opening_is_read_as_version_2_with_the_guidances_defaults() -> None:
    cadence = Cadence(meetings_per_month=1, hours_per_month=2)
    parsed = parse_envelope(
        _published(ProgramOpenedV1(program_id="g1", kind=ProgramKind.PEER, cadence=cadence)), EVENTS
    )
    assert parsed.payload == ProgramOpened(
        program_id="g1",
        kind=ProgramKind.PEER,
        duration_months=12,
        cadence=cadence,
        group_size=None,
        matching_policy=MatchingPolicy(),
        eligibility=EligibilityRules(),
        grade_scale=(),
    )


def test_a_version_1_pair_reads_as_version_2_with_its_score_out_of_100() -> None:
    v1 = PairMatchedV1(pair_id="p1", program_id="g1", run_id="r1", mentor_id="m1", mentee_id="e1", score=0.75)
    parsed = parse_envelope(_published(v1), EVENTS)
    assert isinstance(parsed.payload, PairMatched)
    assert (parsed.payload.score, parsed.payload.mode, parsed.payload.contributions) == (75.0, MatchMode.RUN, ())


def test_a_version_1_fact_read_back_from_a_log_is_upcast_too() -> None:
    envelope = Envelope.wrap(MenteeEnrolledV1(**V1_PERSON, desired_skills=("go",)), agency_id="a1", producer="x")
    stored = StoredFact("part-1", 1, envelope.model_dump(mode="json"), {})
    event = stored.event()
    assert isinstance(event, MenteeEnrolled) and event.facts == V2_FACTS


def test_every_old_version_upcasts_and_only_the_newest_is_read_as_it_is() -> None:
    newest: dict[str, int] = {}
    for event_type, version in EVENTS:
        newest[event_type] = max(newest.get(event_type, 0), version)
    for (event_type, version), cls in EVENTS.items():
        reads_as_itself = cls.upcast is Event.upcast
        assert reads_as_itself == (version == newest[event_type]), f"{event_type} v{version}"
