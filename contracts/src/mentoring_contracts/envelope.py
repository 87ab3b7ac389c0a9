"""The envelope every event travels in, and how a consumer reads one off the wire."""

from datetime import UTC, datetime
from typing import Any, ClassVar, Generic, TypeVar
from uuid import UUID, uuid4

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, field_validator


class Event(BaseModel):
    """A fact, named in the past tense. Subclasses name their type, version and topic."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    event_type: ClassVar[str]
    event_version: ClassVar[int] = 1
    topic: ClassVar[str]
    published: ClassVar[bool] = True

    def aggregate_id(self) -> str:
        """The id of what the event is about: the Kafka key, so one aggregate's events stay in order."""
        raise NotImplementedError

    def upcast(self) -> "Event":
        """The fact in its current version. An old version overrides this, so that readers, which subscribe to and
        fold the current class only, keep reading facts stored and published before its payload changed shape."""
        return self


class InternalEvent(Event):
    """A fact a service keeps in its own log and never publishes: its own bookkeeping (a profile's free text, an
    information session), which no other service reads and no contract covers, so it can change with the service."""

    published: ClassVar[bool] = False
    topic: ClassVar[str] = ""


class Command(Event):
    """An instruction a service sends to itself through Kafka, named in the imperative: keyed so that one of its
    instances at a time carries out each key's commands, in order. It travels in the same envelope and through the
    same outbox as a fact, so it is never lost; its topic's consumers are that service's own instances alone."""


E = TypeVar("E", bound=Event)


class Envelope(BaseModel, Generic[E]):
    """Identity, provenance and tracing of one event; the payload is the fact itself."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    event_id: UUID = Field(default_factory=uuid4)
    event_type: str
    event_version: int = Field(ge=1)
    occurred_at: AwareDatetime = Field(default_factory=lambda: datetime.now(UTC))
    agency_id: str = Field(min_length=1)
    aggregate_id: str = Field(min_length=1)
    correlation_id: UUID
    causation_id: UUID | None = None
    producer: str = Field(min_length=1)
    payload: E

    @field_validator("occurred_at")
    @classmethod
    def _in_utc(cls, value: datetime) -> datetime:
        return value.astimezone(UTC)

    @classmethod
    def wrap(
        cls,
        payload: Event,
        *,
        agency_id: str,
        producer: str,
        correlation_id: UUID | None = None,
        causation_id: UUID | None = None,
    ) -> "Envelope[Any]":
        event_id = uuid4()
        return Envelope[type(payload)](  # type: ignore[misc]
            event_id=event_id,
            event_type=payload.event_type,
            event_version=payload.event_version,
            agency_id=agency_id,
            aggregate_id=payload.aggregate_id(),
            correlation_id=correlation_id or event_id,
            causation_id=causation_id,
            producer=producer,
            payload=payload,
        )


class UnknownEvent(Exception):
    """The envelope is well formed but names an event type or version this reader does not know."""


class _RawEnvelope(Envelope[Any]):
    payload: dict[str, Any]


def parse_envelope(data: bytes | str | dict[str, Any], known: dict[tuple[str, int], type[Event]]) -> Envelope[Any]:
    """Validate an envelope and its payload, upcast to the payload's current version (the envelope keeps the version
    it was published with). Raises pydantic.ValidationError or UnknownEvent."""
    raw = _RawEnvelope.model_validate_json(data) if isinstance(data, bytes | str) else _RawEnvelope.model_validate(data)
    payload_class = known.get((raw.event_type, raw.event_version))
    if payload_class is None:
        raise UnknownEvent(f"{raw.event_type} v{raw.event_version}")
    payload = payload_class.model_validate(raw.payload).upcast()
    return Envelope[type(payload)].model_validate(  # type: ignore[misc]
        {**raw.model_dump(exclude={"payload"}), "payload": payload}
    )
