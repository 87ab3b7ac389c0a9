"""Mentees' requests for a mentor, as facts: one document per step, inserted once and never changed.

A fact's `_id` is its place in the mentee's sequence of the programme (`{programme}:{mentee}:{position}`), so two
writers deciding at the same position cannot both store their fact (`domain/requests.py` decides again on a
refusal). That is the whole concurrency control: no document is updated or deleted, so nothing here rests on the
conditional updates FerretDB does not make safe. Every fact carries the programme, mentee, mentor and request,
top-level, so each read is one equality filter: a mentee's sequence, a mentor's requests, a programme's, one
request. Decisions read what is stored, never memory, so any instance decides on what any other wrote; only a
programme's whole list, which a coordinator pages through, is held, until any instance stores a fact for the
agency (`mentoring_runtime.freshness`): a page then costs the same at 9,000 requests as at 10. The mentee's message
is stored here, with the request, and in no event.
"""

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import asdict, fields
from typing import Any

from pymongo import ASCENDING
from pymongo.asynchronous.database import AsyncDatabase

from matching.domain.requests import AcceptedPair, RequestFact, Step
from mentoring_runtime.freshness import ChangeMarks, Held
from mentoring_runtime.tenancy import AGENCY, TenantData

FIELDS = [field.name for field in fields(RequestFact)]
CONTRIBUTION = ("criterion", "weight", "points")


class RequestStore:
    def __init__(self, database: AsyncDatabase[dict[str, Any]]) -> None:
        self._facts = TenantData(database["mentor_requests"])
        self._programs = Held(ChangeMarks(database), "mentor requests")

    async def create_indexes(self) -> None:
        facts = self._facts.across_agencies()
        for field in ("mentee_id", "mentor_id", "request_id", "program_id", "step"):
            await facts.create_index([(field, ASCENDING), (AGENCY, ASCENDING)])

    async def add(self, agency_id: str, fact: RequestFact) -> bool:
        """Store the fact at its position; False if another fact took the position first, and nothing was stored."""
        document = {"_id": f"{fact.program_id}:{fact.mentee_id}:{fact.position}", **asdict(fact)}
        if fact.pair is not None:  # as documents: FerretDB stores no arrays within arrays
            contributions = [dict(zip(CONTRIBUTION, each, strict=True)) for each in fact.pair.contributions]
            document["pair"] = {**document["pair"], "contributions": contributions}
        stored = await self._facts.for_agency(agency_id).insert_once(document)
        if stored:
            await self._programs.changed(agency_id)
        return stored

    async def sequence(self, agency_id: str, program_id: str, mentee_id: str) -> list[RequestFact]:
        return await self._found(agency_id, {"program_id": program_id, "mentee_id": mentee_id})

    async def of_request(self, agency_id: str, request_id: str) -> list[RequestFact]:
        return await self._found(agency_id, {"request_id": request_id})

    async def made_by(self, agency_id: str, mentee_id: str) -> list[RequestFact]:
        """Every fact of the mentee's requests, in every programme."""
        return await self._found(agency_id, {"mentee_id": mentee_id})

    async def made_to(self, agency_id: str, mentor_id: str, program_id: str | None = None) -> list[RequestFact]:
        """Every fact of the requests made to the mentor, in one programme or in every one."""
        of_programme = {} if program_id is None else {"program_id": program_id}
        return await self._found(agency_id, {"mentor_id": mentor_id, **of_programme})

    async def of_program(self, agency_id: str, program_id: str) -> list[RequestFact]:
        async def read() -> list[RequestFact]:
            return await self._found(agency_id, {"program_id": program_id})

        return await self._programs.get(agency_id, (program_id,), read)

    async def settling(self) -> dict[str, list[str]]:
        """Across agencies, for work no caller asked for (finishing accepts a crash interrupted): agency → the
        requests accepted and neither paired nor closed. Three equality reads of two fields each."""
        facts = self._facts.across_agencies()
        projection = ["request_id", AGENCY]
        settled = set()
        for step in (Step.PAIRED, Step.CLOSED):
            settled |= {(doc[AGENCY], doc["request_id"]) async for doc in facts.find({"step": step}, projection)}
        waiting: dict[str, list[str]] = defaultdict(list)
        async for doc in facts.find({"step": Step.ACCEPTED}, projection):
            if (doc[AGENCY], doc["request_id"]) not in settled:
                waiting[doc[AGENCY]].append(doc["request_id"])
        return dict(waiting)

    async def _found(self, agency_id: str, filter: Mapping[str, Any]) -> list[RequestFact]:
        cursor = self._facts.for_agency(agency_id).find(filter, projection=FIELDS)
        return [_fact(doc) async for doc in cursor]


def _fact(doc: dict[str, Any]) -> RequestFact:
    pair = doc.get("pair")
    if pair is not None:
        contributions = tuple(tuple(each[name] for name in CONTRIBUTION) for each in pair["contributions"])
        pair = AcceptedPair(**{**pair, "contributions": contributions})
    return RequestFact(**{name: doc.get(name) for name in FIELDS} | {"step": Step(doc["step"]), "pair": pair})
