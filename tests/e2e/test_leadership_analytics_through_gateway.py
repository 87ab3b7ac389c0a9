"""Leadership through the gateway: the agency's analytics k-anonymous, with no person's id anywhere in them, and
no other route at all; the coordinator's answer over the same agency whole."""

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from gateway.routes import FORWARDED
from mentoring_contracts import routes
from tests.e2e.conftest import Platform
from tests.support.enrolling import enrol, opened_programme
from tests.support.matching import matched
from tests.support.waiting import eventually

pytestmark = pytest.mark.e2e

AGENCY_ANALYTICS = "/api/v1/agency/analytics"


@dataclass
class SmallAgency:
    """An agency whose only programme has 4 people: 2 mentors and 2 mentees, matched in 2 pairs."""

    platform: Platform
    agency: str
    coordinator: httpx.Client
    leadership: httpx.Client
    ids: list[str]  # every person's, pair's and programme's id of the agency


@pytest.fixture(scope="module")
def small_agency(platform: Platform) -> SmallAgency:
    tag = uuid.uuid4().hex[:6]
    agency = f"agency-{tag}"
    coordinator = platform.client(f"coord-{tag}", agency, "coordinator")
    leadership = platform.client(f"leader-{tag}", agency, "leadership")
    program_id = opened_programme(coordinator)
    mentors, mentees = [f"mentor{n}-{tag}" for n in range(2)], [f"mentee{n}-{tag}" for n in range(2)]
    for mentor in mentors:
        enrol(coordinator, program_id, mentor, "mentor", skills=["budgeting"], capacity=1)
    for mentee in mentees:
        enrol(coordinator, program_id, mentee, "mentee", desired_skills=["budgeting"])
    _, pairs = matched(coordinator, program_id, lambda run: (run["mentors"], run["mentees"]) == (2, 2))
    assert len(pairs) == 2
    eventually(
        lambda: coordinator.get(AGENCY_ANALYTICS).json(),
        lambda answer: all(
            answer["total"][funnel]["matched"]["value"] == 2 for funnel in ("mentee_funnel", "mentor_funnel")
        ),
        what="the agency's analytics counting both pairs",
    )
    ids = [*mentors, *mentees, f"coord-{tag}", program_id, *(pair["id"] for pair in pairs)]
    return SmallAgency(platform, agency, coordinator, leadership, ids)


def figures(body: Any) -> Iterator[dict[str, Any]]:
    """Every figure of an analytics answer, wherever it sits: {"value": ..., "withheld": ...}."""
    if isinstance(body, dict):
        if set(body) == {"value", "withheld"}:
            yield body
        else:
            for value in body.values():
                yield from figures(value)
    elif isinstance(body, list):
        for value in body:
            yield from figures(value)


def test_leadership_sees_nothing_derived_from_a_programme_of_4_people(small_agency: SmallAgency) -> None:
    answered = small_agency.leadership.get(AGENCY_ANALYTICS)

    assert answered.status_code == 200, answered.text
    answer = answered.json()
    assert answer["min_people"] == 5 and answer["program_id"] is None
    shown = list(figures(answer))
    assert len(shown) > 50
    assert [figure for figure in shown if figure != {"value": None, "withheld": "few_people"}] == []


def test_no_person_id_appears_anywhere_in_leadership_s_answer(small_agency: SmallAgency) -> None:
    answered = small_agency.leadership.get(AGENCY_ANALYTICS)

    assert answered.status_code == 200, answered.text
    assert [found for found in small_agency.ids if found in answered.text] == []


def test_the_coordinator_s_answer_over_the_same_agency_shows_its_figures(small_agency: SmallAgency) -> None:
    answer = small_agency.coordinator.get(AGENCY_ANALYTICS).json()

    assert answer["min_people"] is None
    assert not any(figure["withheld"] for figure in figures(answer))
    for funnel in ("mentee_funnel", "mentor_funnel"):
        assert {stage: answer["total"][funnel][stage]["value"] for stage in answer["total"][funnel]} == {
            "applied": 2,
            "eligible": 2,
            "approved": 2,
            "matched": 2,
        }
    assert answer["total"]["match_rate"]["value"] == 1


def test_leadership_is_refused_every_other_route(small_agency: SmallAgency) -> None:
    """Evaluation's others (a programme's analytics and metrics, plans, progress, survey responses) and every other
    service's: leadership reads the agency's aggregates and nothing else."""
    others = [row.route for row in FORWARDED if not row.route.anonymous and row.route != routes.GET_AGENCY_ANALYTICS]
    assert routes.GET_PROGRAM_ANALYTICS in others and routes.LIST_SURVEY_RESPONSES in others

    answers = {}
    for route in others:
        path = route.path.format(**dict.fromkeys(route.parameters, "x"))
        body = {} if route.method in ("POST", "PUT", "PATCH") else None
        answers[str(route)] = small_agency.leadership.request(route.method, path, json=body).status_code

    assert {route: status for route, status in answers.items() if status != 403} == {}
