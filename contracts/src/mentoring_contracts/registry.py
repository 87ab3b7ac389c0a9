"""Every published event, by (type, version): what a reader needs to validate a payload."""

from mentoring_contracts.enrolment import MenteeEnrolled, MentorEnrolled, ProgramOpened
from mentoring_contracts.envelope import Event
from mentoring_contracts.matching import PairMatched
from mentoring_contracts.scheduling import MeetingLogged

EVENTS: dict[tuple[str, int], type[Event]] = {
    (cls.event_type, cls.event_version): cls
    for cls in (ProgramOpened, MentorEnrolled, MenteeEnrolled, PairMatched, MeetingLogged)
}


def event_class(event_type: str, version: int = 1) -> type[Event]:
    return EVENTS[(event_type, version)]
