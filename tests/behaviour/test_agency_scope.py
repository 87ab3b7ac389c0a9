"""Tenant data is only ever seen for one agency: the mechanism every store's reads and writes go through."""

import pytest

from mentoring_runtime.tenancy import CrossAgencyAccess, TenantData


@pytest.fixture
async def runs(database) -> TenantData:
    runs = TenantData(database["runs"])
    for agency, run_id, status in (("a", "r1", "done"), ("a", "r2", "open"), ("b", "r3", "open")):
        assert await runs.for_agency(agency).insert_once({"_id": run_id, "status": status, "program_id": "g1"})
    return runs


async def test_each_read_sees_only_the_agencys_documents(runs: TenantData) -> None:
    a, b = runs.for_agency("a"), runs.for_agency("b")
    assert await a.find_one({"_id": "r3"}) is None
    assert (await b.find_one({"_id": "r3"}))["status"] == "open"
    assert sorted([doc["_id"] async for doc in a.find({"program_id": "g1"})]) == ["r1", "r2"]
    assert await a.count({"status": "open"}) == 1
    assert await runs.for_agency("c").count({}) == 0
    grouped = await a.aggregate([{"$match": {"program_id": "g1"}}, {"$group": {"_id": "$status", "n": {"$sum": 1}}}])
    assert sorted((doc["_id"], doc["n"]) for doc in grouped) == [("done", 1), ("open", 1)]
    ungrouped = await b.aggregate([{"$group": {"_id": "$status", "n": {"$sum": 1}}}])
    assert [(doc["_id"], doc["n"]) for doc in ungrouped] == [("open", 1)]


async def test_inserts_carry_the_agency_and_updates_reach_only_its_documents(runs: TenantData) -> None:
    a = runs.for_agency("a")
    stored = await runs.across_agencies().find_one({"_id": "r1"})
    assert stored["agency_id"] == "a"
    await a.update_one({"_id": "r3"}, {"$set": {"status": "hijacked"}})
    assert (await runs.for_agency("b").find_one({"_id": "r3"}))["status"] == "open"
    await a.update_one({"_id": "r2"}, {"$set": {"status": "done"}})
    assert await a.count({"status": "done"}) == 2


@pytest.mark.parametrize("agency", ["", None])
async def test_no_agency_no_access(runs: TenantData, agency) -> None:
    with pytest.raises(CrossAgencyAccess):
        runs.for_agency(agency)


async def test_naming_another_agency_is_refused_not_obeyed(runs: TenantData) -> None:
    a = runs.for_agency("a")
    with pytest.raises(CrossAgencyAccess):
        await a.find_one({"_id": "r3", "agency_id": "b"})
    with pytest.raises(CrossAgencyAccess):
        a.find({"agency_id": "b"})
    with pytest.raises(CrossAgencyAccess):
        await a.insert_once({"_id": "r9", "agency_id": "b"})
    with pytest.raises(CrossAgencyAccess):
        await a.update_one({"_id": "r1"}, {"$set": {"agency_id": "b"}})
    assert await runs.for_agency("b").count({}) == 1
