"""The k-anonymity threshold comes from the environment, per agency, and is never below 3."""

import pytest
from pydantic import ValidationError

from evaluation.settings import EvaluationSettings

pytestmark = pytest.mark.unit


def test_an_agency_not_named_gets_the_threshold_of_every_agency(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MENTORING_MIN_PEOPLE_BY_AGENCY", '{"a1": 10, "a2": 3}')

    settings = EvaluationSettings()

    assert [settings.min_people_for(agency) for agency in ("a1", "a2", "a3")] == [10, 3, 5]


def test_the_threshold_of_every_agency_can_be_raised(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MENTORING_MIN_PEOPLE", "8")

    assert EvaluationSettings().min_people_for("a1") == 8


def test_a_threshold_below_3_stops_the_service_saying_what_to_set(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MENTORING_MIN_PEOPLE", "2")

    with pytest.raises(ValidationError, match="MENTORING_MIN_PEOPLE is 2.*set it to 3 or more"):
        EvaluationSettings()


def test_an_agency_below_3_stops_the_service_naming_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MENTORING_MIN_PEOPLE_BY_AGENCY", '{"a1": 10, "a2": 1}')

    with pytest.raises(ValidationError, match=r"\{'a2': 1\}.*raise these to 3 or more"):
        EvaluationSettings()
