"""Partnerships as scheduling folds them, made from matching's events, for domain tests."""

from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from mentoring_contracts import Event
from mentoring_runtime.folding import Fact, fold
from scheduling.domain.partnership import Partnership, members_joined, mutate
from tests.support.factories import group_formed, pair_matched

MATCHED_AT = datetime(2026, 3, 1, 9, tzinfo=UTC)


def folded(events: Iterable[Event | tuple[Event, dict[str, Any]]], at: datetime = MATCHED_AT) -> Partnership:
    """The partnership after `events` (each alone, or with what is kept beside it), all stored at `at`."""
    facts = [Fact(each, at) if isinstance(each, Event) else Fact(each[0], at, each[1]) for each in events]
    state = fold(mutate, facts)
    assert state is not None
    return state


def a_pair(pair_id: str = "p1", **fields: Any) -> Partnership:
    """Mentor "mentor" and mentee "mentee", matched in programme g1."""
    return folded([members_joined(pair_matched(pair_id, **fields), MATCHED_AT)])


def a_group(mentees: str = "e1 e2 e3", group_id: str = "grp1") -> Partnership:
    """Mentor "mentor"'s group of the mentees named, space-separated."""
    return folded([members_joined(group_formed(group_id, mentees), MATCHED_AT)])
