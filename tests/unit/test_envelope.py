from datetime import UTC, datetime, timedelta, timezone
from uuid import uuid4

import pytest
from pydantic import ValidationError

from mentoring_contracts import EVENTS, Envelope, MeetingLogged, PairMatched, UnknownEvent, parse_envelope

pytestmark = pytest.mark.unit


def _pair() -> PairMatched:
    return PairMatched(pair_id="p1", program_id="g1", run_id="r1", mentor_id="m1", mentee_id="e1", score=0.5)


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
    data["payload"]["score"] = 7
    with pytest.raises(ValidationError, match="score"):
        parse_envelope(data, EVENTS)


def test_an_unknown_event_type_is_told_apart_from_a_broken_one() -> None:
    data = Envelope.wrap(_pair(), agency_id="a1", producer="matching").model_dump(mode="json")
    data["event_type"] = "PairRenamed"
    with pytest.raises(UnknownEvent, match="PairRenamed v1"):
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
            event_version=1,
            agency_id="",
            aggregate_id="p1",
            correlation_id=uuid4(),
            producer="matching",
            payload=_pair(),
        )
