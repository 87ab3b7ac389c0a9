"""When a partnership's surveys open and close, for whom, and which questions each asks: from its dates, the
programme's policy history and the clock alone."""

from datetime import UTC, datetime, timedelta

import pytest

from evaluation.domain.policy import DEFAULT_POLICY, PolicyHistory
from evaluation.domain.surveys import Member, Moments, open_first_then_newest, surveys
from mentoring_contracts.api import EvaluationPolicy, SurveyDefinition, SurveyQuestion
from mentoring_contracts.names import ParticipantRole, QuestionKind, SurveyKind, SurveyStatus
from mentoring_runtime.calendar_months import add_months

pytestmark = pytest.mark.unit

MET = datetime(2026, 3, 10, 10, tzinfo=UTC)
ACTIVE = datetime(2026, 3, 2, 9, tzinfo=UTC)
MENTOR, MENTEE = Member("mentor", ParticipantRole.MENTOR), Member("mentee", ParticipantRole.MENTEE)
DEFAULTS = PolicyHistory("g1")


def pair(**moments: object) -> Moments:
    fields: dict[str, object] = {"partnership_id": "p1", "program_id": "g1", "members": (MENTOR, MENTEE)}
    return Moments(**{**fields, **moments})  # type: ignore[arg-type]


def kinds(found: list, person: str = "mentee") -> list[tuple[SurveyKind, int, datetime]]:
    return [(s.kind, s.sequence, s.opens_at) for s in found if s.person_id == person]


def test_nothing_opens_before_the_first_meeting_or_the_first_period() -> None:
    assert surveys(pair(active_since=ACTIVE), DEFAULTS, ACTIVE + timedelta(days=80)) == []


def test_pairing_fit_opens_for_every_member_at_the_first_logged_meeting_and_closes_after_the_policy_days() -> None:
    found = surveys(pair(first_met_at=MET), DEFAULTS, MET)
    assert {(s.person_id, s.role, s.kind) for s in found} == {
        ("mentor", ParticipantRole.MENTOR, SurveyKind.PAIRING_FIT),
        ("mentee", ParticipantRole.MENTEE, SurveyKind.PAIRING_FIT),
    }
    fit = found[0]
    assert (fit.opens_at, fit.closes_at) == (MET, MET + timedelta(days=14))
    assert fit.status(answered=False, now=MET + timedelta(days=14) - timedelta(seconds=1)) is SurveyStatus.OPEN
    assert fit.status(answered=False, now=MET + timedelta(days=14)) is SurveyStatus.CLOSED
    assert fit.status(answered=True, now=MET + timedelta(days=40)) is SurveyStatus.ANSWERED
    assert surveys(pair(first_met_at=MET), DEFAULTS, MET - timedelta(seconds=1)) == []


def test_periodic_every_n_months_from_active_since_while_it_lasts() -> None:
    now = add_months(ACTIVE, 10)
    found = surveys(pair(active_since=ACTIVE), DEFAULTS, now)
    assert kinds(found) == [(SurveyKind.PERIODIC, n, add_months(ACTIVE, 3 * n)) for n in (1, 2, 3)]
    every_two = PolicyHistory("g1", ((ACTIVE - timedelta(days=1), EvaluationPolicy(periodic_survey_months=2)),))
    assert [s.opens_at for s in surveys(pair(active_since=ACTIVE), every_two, now) if s.person_id == "mentor"] == [
        add_months(ACTIVE, months) for months in (2, 4, 6, 8, 10)
    ]


def test_no_periodic_survey_at_or_after_the_end_but_a_closing_one_for_each_member() -> None:
    ended = add_months(ACTIVE, 6)  # the second periodic survey would open the very moment it ends
    found = surveys(pair(active_since=ACTIVE, first_met_at=MET, ended_at=ended), DEFAULTS, add_months(ACTIVE, 24))
    assert kinds(found) == [
        (SurveyKind.PAIRING_FIT, 0, MET),
        (SurveyKind.PERIODIC, 1, add_months(ACTIVE, 3)),
        (SurveyKind.CLOSING, 0, ended),
    ]
    closing = [s for s in found if s.kind is SurveyKind.CLOSING]
    assert {s.person_id for s in closing} == {"mentor", "mentee"}
    assert closing[0].closes_at == ended + timedelta(days=14)


def test_a_member_who_left_a_group_gets_a_closing_survey_then_and_nothing_after() -> None:
    left = add_months(ACTIVE, 4)
    leaver = Member("e2", ParticipantRole.MENTEE, left_at=left)
    group = pair(members=(MENTOR, MENTEE, leaver), active_since=ACTIVE)
    found = surveys(group, DEFAULTS, add_months(ACTIVE, 7))
    assert kinds(found, "e2") == [(SurveyKind.PERIODIC, 1, add_months(ACTIVE, 3)), (SurveyKind.CLOSING, 0, left)]
    assert [kind for kind, _, _ in kinds(found, "mentee")] == [SurveyKind.PERIODIC, SurveyKind.PERIODIC]
    assert [kind for kind, _, _ in kinds(found, "mentor")] == [SurveyKind.PERIODIC, SurveyKind.PERIODIC]


def test_a_survey_asks_the_questions_in_force_when_it_opened_and_closes_by_that_policy() -> None:
    asked = SurveyDefinition(questions=(SurveyQuestion(id="useful", text="Was it useful?", kind=QuestionKind.RATING),))
    changed_at = MET + timedelta(days=1)
    history = PolicyHistory("g1", ((changed_at, EvaluationPolicy(pairing_fit=asked, survey_open_days=3)),))
    before, after = (surveys(pair(first_met_at=at), history, at + timedelta(days=30)) for at in (MET, changed_at))
    assert before[0].questions == DEFAULT_POLICY.pairing_fit.questions
    assert before[0].closes_at == MET + timedelta(days=14)
    assert after[0].questions == asked.questions
    assert after[0].closes_at == changed_at + timedelta(days=3)


def test_ids_are_stable_and_distinct_per_partnership_kind_sequence_and_person() -> None:
    moments = pair(active_since=ACTIVE, first_met_at=MET, ended_at=add_months(ACTIVE, 12))
    first = surveys(moments, DEFAULTS, add_months(ACTIVE, 13))
    again = surveys(moments, DEFAULTS, add_months(ACTIVE, 13) + timedelta(days=3))
    assert [s.survey_id for s in first] == [s.survey_id for s in again]
    assert len({s.survey_id for s in first}) == len(first) == 2 * (1 + 3 + 1)
    other = surveys(pair(partnership_id="p2", first_met_at=MET), DEFAULTS, MET)
    assert not {s.survey_id for s in other} & {s.survey_id for s in first}


def test_months_end_on_the_last_day_of_a_shorter_month_without_drifting() -> None:
    end_of_january = datetime(2026, 1, 31, 8, tzinfo=UTC)
    assert add_months(end_of_january, 1) == datetime(2026, 2, 28, 8, tzinfo=UTC)
    assert add_months(end_of_january, 2) == datetime(2026, 3, 31, 8, tzinfo=UTC)
    assert add_months(end_of_january, 11) == datetime(2026, 12, 31, 8, tzinfo=UTC)
    assert add_months(end_of_january, 13) == datetime(2027, 2, 28, 8, tzinfo=UTC)


def test_open_surveys_come_first_then_the_newest() -> None:
    moments = pair(active_since=ACTIVE, first_met_at=MET)
    now = add_months(ACTIVE, 6) + timedelta(days=1)
    mine = [s for s in surveys(moments, DEFAULTS, now) if s.person_id == "mentee"]
    listed = open_first_then_newest((s, s.status(answered=False, now=now)) for s in mine)
    assert [(s.kind, status) for s, status in listed] == [
        (SurveyKind.PERIODIC, SurveyStatus.OPEN),
        (SurveyKind.PERIODIC, SurveyStatus.CLOSED),
        (SurveyKind.PAIRING_FIT, SurveyStatus.CLOSED),
    ]
