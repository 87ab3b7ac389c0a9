"""A member's surveys and their answers, and the programme's responses for its coordinators.

A member's surveys are worked out, when asked, from their own partnerships (held, indexed by member) and each
programme's policy history: the cost is the member's partnerships, whatever the programme's size. A survey is
answered only by the person it is for: anyone else is told it does not exist, as for a missing one, so a survey id
says nothing about whose it is. The free text of an answer is shown in the coordinators' list alone.
"""

from collections.abc import Callable
from datetime import datetime

from evaluation.domain.surveys import Response, Survey, moments_of, open_first_then_newest, respond, surveys
from evaluation.stores.partnerships import HeldPartnerships
from evaluation.stores.policies import HeldPolicies
from evaluation.stores.responses import HeldResponses
from mentoring_contracts.api import (
    MySurveysQuery,
    RespondToSurvey,
    SurveyPage,
    SurveyResponsePage,
    SurveyResponsesQuery,
    SurveyResponseView,
    SurveyView,
)
from mentoring_contracts.names import Role, SurveyStatus
from mentoring_runtime.aggregates import Decision
from mentoring_runtime.errors import NotFound
from mentoring_runtime.paging import page, page_kept
from mentoring_runtime.web import Caller


class Surveys:
    def __init__(
        self,
        partnerships: HeldPartnerships,
        policies: HeldPolicies,
        responses: HeldResponses,
        now: Callable[[], datetime],
    ) -> None:
        self._partnerships = partnerships
        self._policies = policies
        self._responses = responses
        self._now = now

    async def my_surveys(self, caller: Caller, query: MySurveysQuery) -> SurveyPage:
        now = self._now()
        mine = await self._surveys_of(caller.agency_id, caller.actor_id, now)
        answered = self._responses.answered(caller.agency_id, [survey.survey_id for survey in mine])
        listed = [
            (survey, status)
            for survey in mine
            if (status := survey.status(survey.survey_id in answered, now)) is query.status or query.status is None
        ]
        ordered = open_first_then_newest(listed)
        chosen, next_cursor = page(ordered, query, key=lambda pair: pair[0].survey_id)
        views = [_survey_view(survey, status, answered.get(survey.survey_id)) for survey, status in chosen]
        return SurveyPage(items=views, next_cursor=next_cursor)

    async def respond(self, caller: Caller, survey_id: str, body: RespondToSurvey) -> str:
        now = self._now()
        mine = await self._surveys_of(caller.agency_id, caller.actor_id, now)
        survey = next((survey for survey in mine if survey.survey_id == survey_id), None)
        if survey is None:
            raise NotFound(f"you have no survey {survey_id!r}; GET /api/v1/me/surveys lists yours")

        def decide(answered: Response | None) -> Decision:
            return respond(survey, answered, body.answers, now)

        await self._responses.answer(caller.cause(), survey_id, decide)
        return survey_id

    async def program_responses(
        self, caller: Caller, program_id: str, query: SurveyResponsesQuery
    ) -> SurveyResponsePage:
        caller.require(Role.COORDINATOR)
        ids = self._responses.of_program(caller.agency_id, program_id, query.kind)

        def view(survey_id: str) -> SurveyResponseView | None:
            response = self._responses.held(caller.agency_id, survey_id)
            return _response_view(response) if response else None

        items, next_cursor = page_kept(ids, query, view)
        return SurveyResponsePage(items=items, next_cursor=next_cursor)

    async def _surveys_of(self, agency_id: str, person_id: str, now: datetime) -> list[Survey]:
        """Every survey of the person's partnerships (groups they left too) that has opened by `now`."""
        found: list[Survey] = []
        for partnership in await self._partnerships.of_member(agency_id, person_id, former=True):
            history = await self._policies.history(agency_id, partnership.program_id)
            found += surveys(moments_of(partnership, person_id), history, now)
        return found


def _survey_view(survey: Survey, status: SurveyStatus, response: Response | None) -> SurveyView:
    return SurveyView(
        survey_id=survey.survey_id,
        kind=survey.kind,
        pair_id=survey.partnership_id,
        program_id=survey.program_id,
        status=status,
        opens_at=survey.opens_at,
        closes_at=survey.closes_at,
        questions=list(survey.questions),
        answered_at=response.answered_at if response else None,
    )


def _response_view(response: Response) -> SurveyResponseView:
    return SurveyResponseView(
        survey_id=response.survey_id,
        kind=response.kind,
        pair_id=response.partnership_id,
        respondent_id=response.respondent_id,
        respondent_role=response.respondent_role,
        answered_at=response.answered_at,
        answers=list(response.answers),
    )
