"""A partnership's surveys, worked out from its dates and the clock, and the rules for answering one.

No timer opens or closes a survey: which surveys a member has, and whether each is open, follow from the
partnership's dates (first logged meeting, active since, ended or left), the programme's policy history and `now`.
So a survey's id is derived from what it is (partnership, kind, sequence, person) and is the same on every reading.

- pairing fit: opens at the first logged meeting, for each member then in the partnership;
- periodic: every `periodic_survey_months` from when the partnership became active, while it lasts (none at or
  after its end, nor for a member after they left), each step the months of the policy in force at the step before;
- closing: when the partnership closes or is dissolved, for its members then, and for a member who left a group
  early, when they left.

Each closes `survey_open_days` after it opens, and asks the questions of the policy in force when it opened (a
snapshot: a policy set later changes the surveys opening later, never one already open or answered).

An answer is taken once per survey: the response is the first fact of the survey's own stream, so a retry or a
second answer at the same time finds it there. Its ratings go into `FeedbackSubmitted`; its free text stays beside
the fact, for the programme's coordinators alone.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from uuid import UUID, uuid5

from evaluation.domain.partnership import Partnership
from evaluation.domain.policy import PolicyHistory, definition
from mentoring_contracts import FeedbackSubmitted, Rating
from mentoring_contracts.api import SurveyAnswer, SurveyQuestion
from mentoring_contracts.names import ParticipantRole, QuestionKind, SurveyKind, SurveyStatus
from mentoring_runtime.calendar_months import add_months
from mentoring_runtime.errors import Conflict, Invalid
from mentoring_runtime.folding import Fact, unexpected

SURVEY_IDS = UUID("5a2e4c0e-6f57-4a1e-9a57-2f0b7c1d9e31")


@dataclass(frozen=True)
class Member:
    """A member of a partnership as its surveys see them; `left_at` when they left a group before it ended."""

    person_id: str
    role: ParticipantRole
    left_at: datetime | None = None


@dataclass(frozen=True)
class Moments:
    """What a partnership's surveys follow: its members and the moments of its life so far."""

    partnership_id: str
    program_id: str
    members: tuple[Member, ...]
    first_met_at: datetime | None = None
    active_since: datetime | None = None
    ended_at: datetime | None = None


@dataclass(frozen=True)
class Survey:
    """One member's survey of one moment of a partnership: when it opens and closes, and what it asks."""

    survey_id: str
    kind: SurveyKind
    sequence: int
    partnership_id: str
    program_id: str
    person_id: str
    role: ParticipantRole
    opens_at: datetime
    closes_at: datetime
    questions: tuple[SurveyQuestion, ...]

    def status(self, answered: bool, now: datetime) -> SurveyStatus:
        """Answered once answered; until then open, and closed from `closes_at` (it has opened by `now`)."""
        if answered:
            return SurveyStatus.ANSWERED
        return SurveyStatus.OPEN if now < self.closes_at else SurveyStatus.CLOSED


def moments_of(partnership: Partnership, person_id: str) -> Moments:
    """What the person's surveys of the partnership follow: its moments, and them as a member (or one who left)."""
    if partnership.is_mentor(person_id):
        members: tuple[Member, ...] = (Member(person_id, ParticipantRole.MENTOR),)
    elif partnership.is_mentee(person_id) or person_id in partnership.former_mentee_ids:
        members = (Member(person_id, ParticipantRole.MENTEE, partnership.left_at.get(person_id)),)
    else:
        members = ()
    return Moments(
        partnership.partnership_id,
        partnership.program_id,
        members,
        first_met_at=partnership.first_met_at,
        active_since=partnership.active_since,
        ended_at=partnership.ended.at if partnership.ended else None,
    )


def survey_id(partnership_id: str, kind: SurveyKind, sequence: int, person_id: str) -> str:
    return str(uuid5(SURVEY_IDS, f"{partnership_id}\x1f{kind}\x1f{sequence}\x1f{person_id}"))


def periodic_openings(active_since: datetime, until: datetime, policies: PolicyHistory) -> list[datetime]:
    """When the periodic surveys open: every so many months from `active_since`, strictly before `until`. Each step is
    the months of the policy in force at the step before, counted from `active_since` so no month's end drifts."""
    openings: list[datetime] = []
    months, previous = 0, active_since
    while True:
        months += policies.in_force(previous).periodic_survey_months
        opening = add_months(active_since, months)
        if opening >= until:
            return openings
        openings.append(opening)
        previous = opening


def surveys(moments: Moments, policies: PolicyHistory, now: datetime) -> list[Survey]:
    """Every survey of the partnership that has opened by `now`, for every member, whatever its status."""
    found: list[Survey] = []

    def opened(kind: SurveyKind, sequence: int, member: Member, at: datetime) -> None:
        if at > now:
            return
        policy = policies.in_force(at)
        found.append(
            Survey(
                survey_id(moments.partnership_id, kind, sequence, member.person_id),
                kind,
                sequence,
                moments.partnership_id,
                moments.program_id,
                member.person_id,
                member.role,
                at,
                at + timedelta(days=policy.survey_open_days),
                definition(policy, kind).questions,
            )
        )

    after_now = now + timedelta(microseconds=1)
    for member in moments.members:
        left_at = member.left_at if member.left_at is not None else moments.ended_at
        if moments.first_met_at is not None and (left_at is None or moments.first_met_at <= left_at):
            opened(SurveyKind.PAIRING_FIT, 0, member, moments.first_met_at)
        if moments.active_since is not None:
            until = after_now if left_at is None else min(left_at, after_now)
            for sequence, at in enumerate(periodic_openings(moments.active_since, until, policies), start=1):
                opened(SurveyKind.PERIODIC, sequence, member, at)
        if left_at is not None:
            opened(SurveyKind.CLOSING, 0, member, left_at)
    return found


def open_first_then_newest(listed: Iterable[tuple[Survey, SurveyStatus]]) -> list[tuple[Survey, SurveyStatus]]:
    """The order of a member's surveys: the open ones first, each group newest first."""
    return sorted(
        listed,
        key=lambda pair: (pair[1] is not SurveyStatus.OPEN, -pair[0].opens_at.timestamp(), pair[0].survey_id),
    )


@dataclass(frozen=True)
class KeptAnswers:
    """What stays beside a FeedbackSubmitted fact and is never published: every answer, free text included."""

    answers: list[dict[str, Any]]


@dataclass(frozen=True)
class Response:
    """A survey's answer as evaluation holds it: for the coordinators' list, with its free text."""

    survey_id: str
    kind: SurveyKind
    partnership_id: str
    program_id: str
    respondent_id: str
    respondent_role: ParticipantRole
    answered_at: datetime
    answers: tuple[SurveyAnswer, ...]


def check_answers(questions: Sequence[SurveyQuestion], answers: Sequence[SurveyAnswer]) -> tuple[Rating, ...]:
    """The answers' ratings, in the survey's order, once every answer fits its question and every required question
    is answered; Invalid naming the answer (or the question) otherwise."""
    by_id = {question.id: question for question in questions}
    given: dict[str, SurveyAnswer] = {}
    for position, answer in enumerate(answers):
        field = f"answers[{position}]"
        question = by_id.get(answer.question_id)
        if question is None:
            raise Invalid(
                f"this survey asks no question {answer.question_id!r}; answer only its questions: {', '.join(by_id)}",
                field=f"{field}.question_id",
            )
        if answer.question_id in given:
            raise Invalid(f"question {answer.question_id!r} is answered twice; answer it once", field=field)
        given[answer.question_id] = answer
        if question.kind is QuestionKind.RATING:
            if answer.rating is None:
                raise Invalid(f"question {question.id!r} asks for a rating from 1 to 5", field=f"{field}.rating")
            if answer.text is not None:
                raise Invalid(f"question {question.id!r} asks for a rating, not text", field=f"{field}.text")
        else:
            if answer.text is None:
                raise Invalid(f"question {question.id!r} asks for a text answer", field=f"{field}.text")
            if answer.rating is not None:
                raise Invalid(f"question {question.id!r} asks for text, not a rating", field=f"{field}.rating")
    missing = [question.id for question in questions if question.required and question.id not in given]
    if missing:
        raise Invalid(f"these questions need an answer: {', '.join(missing)}", field="answers")
    return tuple(
        Rating(question_id=question.id, rating=given[question.id].rating)  # type: ignore[arg-type]
        for question in questions
        if question.kind is QuestionKind.RATING and question.id in given
    )


def respond(
    survey: Survey, answered: Response | None, answers: Sequence[SurveyAnswer], now: datetime
) -> tuple[FeedbackSubmitted, KeptAnswers]:
    """The member's answer to their survey, once and while it is open: the fact to publish (ratings only) and the
    answers kept beside it."""
    if answered is not None:
        raise Conflict(f"this survey was answered at {answered.answered_at.isoformat()}; it takes one answer")
    if now >= survey.closes_at:
        raise Conflict(f"this survey closed at {survey.closes_at.isoformat()}; it no longer takes answers")
    ratings = check_answers(survey.questions, answers)
    submitted = FeedbackSubmitted(
        pair_id=survey.partnership_id,
        program_id=survey.program_id,
        survey_id=survey.survey_id,
        kind=survey.kind,
        respondent_id=survey.person_id,
        respondent_role=survey.role,
        ratings=ratings,
        submitted_at=now,
    )
    ordered = sorted(answers, key=lambda answer: [q.id for q in survey.questions].index(answer.question_id))
    return submitted, KeptAnswers([answer.model_dump(mode="json") for answer in ordered])


def mutate(state: Response | None, fact: Fact) -> Response:
    """A survey's stream holds its one answer."""
    event = fact.event
    if not isinstance(event, FeedbackSubmitted):
        raise unexpected("survey", fact)
    return Response(
        survey_id=event.survey_id,
        kind=event.kind,
        partnership_id=event.pair_id,
        program_id=event.program_id,
        respondent_id=event.respondent_id,
        respondent_role=event.respondent_role,
        answered_at=event.submitted_at,
        answers=tuple(SurveyAnswer.model_validate(answer) for answer in fact.private.get("answers", ())),
    )
