"""Who may read a partnership: its members, and its programme's coordinators (the agency's, as everywhere on the
platform). Nobody else learns more than that it is not theirs."""

from mentoring_runtime.errors import Forbidden
from scheduling.domain.partnership import Partnership


def readable_by(partnership: Partnership, person_id: str, coordinator: bool, what: str = "see it") -> None:
    if not coordinator and not partnership.is_member(person_id):
        raise Forbidden(f"only {partnership.members} or the programme's coordinator can {what}")
