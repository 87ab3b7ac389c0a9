"""A partnership's agreement: version 0 is the guidance's defaults at the programme's cadence; members propose
versions on the one they read and sign the current one; the last signature makes the partnership active and is
published without any text; the coordinator reads and files agreements, and nobody else outside the pair can."""

import pytest

from mentoring_contracts import Cadence
from mentoring_contracts.api import AgreementsQuery, DissolvePartnership, SignAgreement
from mentoring_contracts.api.partnerships import DEFAULT_CONFIDENTIALITY, DEFAULT_GROUND_RULES
from mentoring_contracts.names import AgreementStatus, MeetingFrequency, MeetingMode, PartnershipStatus
from mentoring_runtime.errors import Conflict, Forbidden, Invalid, NotFound
from mentoring_runtime.recording import Cause
from scheduling.domain.ending import withdrawn
from tests.support.factories import program_opened
from tests.support.lifecycle import Lifecycle, coordinator, member, proposal

pytestmark = pytest.mark.unit

MENTOR, MENTEE = member("mentor"), member("mentee")


@pytest.fixture
async def life() -> Lifecycle:
    life = await Lifecycle.started()
    await life.pair("p1")
    return life


def sign(version: int) -> SignAgreement:
    return SignAgreement(version=version)


@pytest.mark.parametrize(
    ("meetings_per_month", "frequency"),
    [(4, MeetingFrequency.WEEKLY), (2, MeetingFrequency.FORTNIGHTLY), (1, MeetingFrequency.MONTHLY)],
)
async def test_version_0_is_the_guidance_defaults_meeting_as_often_as_the_programme_asks(
    life: Lifecycle, meetings_per_month: int, frequency: MeetingFrequency
) -> None:
    cadence = Cadence(meetings_per_month=meetings_per_month, hours_per_month=2)
    await life.told(program_opened("g1", duration_months=9, cadence=cadence), producer="enrolment")
    view = await life.scheduling.agreements.agreement(MENTEE, "p1")
    assert (view.pair_id, view.program_id, view.version, view.status) == ("p1", "g1", 0, AgreementStatus.DRAFT)
    assert (view.proposed_by, view.signatures, view.signed_at, view.duration_months) == (None, [], None, 9)
    assert view.terms.ground_rules == DEFAULT_GROUND_RULES and view.terms.confidentiality == DEFAULT_CONFIDENTIALITY
    assert (view.terms.schedule.frequency, view.terms.schedule.mode) == (frequency, MeetingMode.VIRTUAL)
    assert view.terms.additional_terms == ""


async def test_a_programme_scheduling_never_heard_of_has_the_platform_defaults(life: Lifecycle) -> None:
    view = await life.scheduling.agreements.agreement(MENTOR, "p1")
    assert (view.terms.schedule.frequency, view.duration_months) == (MeetingFrequency.FORTNIGHTLY, 12)


async def test_version_0_cannot_be_signed_as_nobody_agreed_a_schedule(life: Lifecycle) -> None:
    with pytest.raises(Conflict, match="nobody proposed the agreement's terms yet"):
        await life.scheduling.agreements.sign(MENTOR, "p1", sign(1))
    assert await life.kinds() == ["MembersJoined"]


async def test_a_proposal_is_the_next_version_with_the_terms_as_proposed(life: Lifecycle) -> None:
    terms = proposal(0, additional_terms="We meet at the library", ground_rules=["Be on time"])
    view = await life.scheduling.agreements.propose(MENTEE, "p1", terms)
    assert (view.version, view.status, view.proposed_by, view.signatures) == (1, AgreementStatus.DRAFT, "mentee", [])
    assert (view.terms.additional_terms, view.terms.ground_rules) == ("We meet at the library", ("Be on time",))
    assert await life.scheduling.agreements.agreement(MENTOR, "p1") == view
    [proposed] = [fact for fact in await life.stream() if fact.event_type == "AgreementProposed"]
    assert proposed.payload == {"pair_id": "p1", "version": 1, "proposed_by": "mentee"}
    assert proposed.private["terms"]["additional_terms"] == "We meet at the library"


async def test_a_proposal_on_a_version_that_moved_on_is_refused_and_nothing_is_stored(life: Lifecycle) -> None:
    agreements = life.scheduling.agreements
    await agreements.propose(MENTOR, "p1", proposal(0))
    for stale in (0, 2):
        with pytest.raises(Conflict, match=f"the agreement is at version 1, not {stale}: read it again"):
            await agreements.propose(MENTEE, "p1", proposal(stale, additional_terms="mine"))
    assert (await agreements.agreement(MENTEE, "p1")).terms.additional_terms == ""
    assert await life.kinds() == ["MembersJoined", "AgreementProposed"]


async def test_any_change_clears_earlier_signatures_and_an_old_version_can_no_longer_be_signed(
    life: Lifecycle,
) -> None:
    agreements = life.scheduling.agreements
    await agreements.propose(MENTOR, "p1", proposal(0))
    signed_one = await agreements.sign(MENTEE, "p1", sign(1))
    assert [(s.person_id, s.signed_at is not None) for s in signed_one.signatures] == [("mentee", True)]
    changed = await agreements.propose(MENTOR, "p1", proposal(1, additional_terms="And weekends"))
    assert (changed.version, changed.signatures, changed.status) == (2, [], AgreementStatus.DRAFT)
    with pytest.raises(Conflict, match="the agreement is at version 2, not 1: read it again, and sign the version"):
        await agreements.sign(MENTEE, "p1", sign(1))
    with pytest.raises(Conflict, match="the agreement is at version 2, not 3"):
        await agreements.sign(MENTEE, "p1", sign(3))
    assert (await life.scheduling.partnerships.partnership(MENTOR, "p1")).status is PartnershipStatus.PENDING_AGREEMENT


async def test_a_member_signs_once_and_the_partnership_waits_for_the_other(life: Lifecycle) -> None:
    agreements = life.scheduling.agreements
    await agreements.propose(MENTOR, "p1", proposal(0))
    await agreements.sign(MENTOR, "p1", sign(1))
    with pytest.raises(Conflict, match="you already signed version 1; it waits for the other members' signatures"):
        await agreements.sign(MENTOR, "p1", sign(1))
    assert await life.kinds() == ["MembersJoined", "AgreementProposed", "AgreementSignedBy"]
    view = await life.scheduling.partnerships.partnership(MENTOR, "p1")
    assert (view.status, view.active_since) == (PartnershipStatus.PENDING_AGREEMENT, None)


async def test_both_members_signing_makes_it_active_and_publishes_agreement_signed_without_text(
    life: Lifecycle,
) -> None:
    agreements = life.scheduling.agreements
    await agreements.propose(MENTOR, "p1", proposal(0, additional_terms="Secret ground rule"))
    await agreements.sign(MENTOR, "p1", sign(1))
    signed_at = life.clock.advance(days=2)
    view = await agreements.sign(MENTEE, "p1", sign(1))
    assert (view.status, view.version, view.signed_at) == (AgreementStatus.SIGNED, 1, signed_at)
    assert [s.person_id for s in view.signatures] == ["mentee", "mentor"]
    assert view.signatures[0].signed_at == signed_at
    facts = await life.stream()
    assert [fact.event_type for fact in facts][-2:] == ["AgreementSignedBy", "AgreementSigned"]
    published = facts[-1]
    assert published.payload == {
        "pair_id": "p1", "program_id": "g1", "version": 1, "mentor_id": "mentor", "mentee_ids": ["mentee"],
        "signed_at": signed_at.isoformat().replace("+00:00", "Z"),
    }  # fmt: skip
    assert published.private == {}
    partnership = await life.scheduling.partnerships.partnership(MENTEE, "p1")
    assert (partnership.status, partnership.active_since) == (PartnershipStatus.ACTIVE, signed_at)


async def test_a_signed_agreement_no_longer_changes(life: Lifecycle) -> None:
    await life.signed("p1")
    agreements = life.scheduling.agreements
    with pytest.raises(Conflict, match="every member signed version 1 of the agreement: it no longer changes"):
        await agreements.propose(MENTOR, "p1", proposal(1))
    with pytest.raises(Conflict, match="every member already signed version 1"):
        await agreements.sign(MENTEE, "p1", sign(1))
    assert (await life.kinds()).count("AgreementSigned") == 1


async def test_every_member_of_a_group_signs_before_it_is_active(life: Lifecycle) -> None:
    await life.group("grp1", "e1 e2 e3")
    agreements = life.scheduling.agreements
    await agreements.propose(member("e2"), "grp1", proposal(0))
    for person in ("mentor", "e1", "e3"):
        view = await agreements.sign(member(person), "grp1", sign(1))
        assert view.status is AgreementStatus.DRAFT
    assert "AgreementSigned" not in await life.kinds("grp1")
    view = await agreements.sign(member("e2"), "grp1", sign(1))
    assert view.status is AgreementStatus.SIGNED
    signed = (await life.stream("grp1"))[-1]
    assert (signed.event_type, signed.payload["mentee_ids"]) == ("AgreementSigned", ["e1", "e2", "e3"])


async def test_outsiders_neither_read_nor_change_it_and_the_coordinator_only_reads_it(life: Lifecycle) -> None:
    agreements = life.scheduling.agreements
    await agreements.propose(MENTOR, "p1", proposal(0, additional_terms="Ours"))
    stranger = member("stranger")
    with pytest.raises(Forbidden, match="only the pair's mentor or mentee or the programme's coordinator can read"):
        await agreements.agreement(stranger, "p1")
    for doing, who in [("propose its agreement", stranger), ("propose its agreement", coordinator())]:
        with pytest.raises(Forbidden, match=f"only the pair's mentor or mentee can {doing}"):
            await agreements.propose(who, "p1", proposal(1))
    for who in (stranger, coordinator()):
        with pytest.raises(Forbidden, match="only the pair's mentor or mentee can sign its agreement"):
            await agreements.sign(who, "p1", sign(1))
    assert (await agreements.agreement(coordinator(), "p1")).terms.additional_terms == "Ours"
    with pytest.raises(NotFound):
        await agreements.agreement(member("mentor", "agency-b"), "p1")
    assert await life.kinds() == ["MembersJoined", "AgreementProposed"]


async def test_an_ended_partnership_takes_no_more_proposals_or_signatures(life: Lifecycle) -> None:
    agreements = life.scheduling.agreements
    await agreements.propose(MENTOR, "p1", proposal(0))
    await agreements.sign(MENTOR, "p1", sign(1))
    await life.scheduling.endings.dissolve(MENTEE, "p1", DissolvePartnership(reason="poor_fit", initiated_by="mentee"))
    with pytest.raises(Conflict, match="the pair was dissolved: its agreement can no longer be signed"):
        await agreements.sign(MENTEE, "p1", sign(1))
    with pytest.raises(Conflict, match="the pair was dissolved: its agreement no longer changes"):
        await agreements.propose(MENTEE, "p1", proposal(1))
    view = await life.scheduling.partnerships.partnership(MENTOR, "p1")
    assert (view.status, view.active_since) == (PartnershipStatus.DISSOLVED, None)


async def test_a_group_whose_last_unsigned_member_leaves_is_signed_by_those_who_stay(life: Lifecycle) -> None:
    await life.group("grp1", "e1 e2")
    agreements = life.scheduling.agreements
    await agreements.propose(member("mentor"), "grp1", proposal(0))
    signed_at = life.clock.advance(hours=3)
    for person in ("mentor", "e1"):
        await agreements.sign(member(person), "grp1", sign(1))
    life.clock.advance(days=1)
    await life.withdrawn("e2")
    view = await agreements.agreement(member("e1"), "grp1")
    assert view.status is AgreementStatus.SIGNED
    assert [s.person_id for s in view.signatures] == ["e1", "mentor"]
    assert (await life.scheduling.partnerships.partnership(member("e1"), "grp1")).status is PartnershipStatus.ACTIVE
    signed = (await life.stream("grp1"))[-1]
    assert (signed.event_type, signed.payload["mentee_ids"]) == ("AgreementSigned", ["e1"])
    assert signed_at < view.signed_at == life.clock()
    await life.withdrawn("e2")  # redelivered: nothing new
    assert (await life.kinds("grp1")).count("AgreementSigned") == 1


async def test_a_redelivered_withdrawal_signs_what_a_crash_after_the_member_left_did_not(life: Lifecycle) -> None:
    await life.group("grp1", "e1 e2")
    agreements = life.scheduling.agreements
    await agreements.propose(member("mentor"), "grp1", proposal(0))
    for person in ("mentor", "e1"):
        await agreements.sign(member(person), "grp1", sign(1))
    left_only = withdrawn(await life.scheduling.held_partnerships.find("agency-a", "grp1"), "e2")
    assert left_only is not None and not left_only.whole
    await life.scheduling.held_partnerships.change(Cause("agency-a"), "grp1", lambda _: (left_only, None))
    assert (await agreements.agreement(member("e1"), "grp1")).status is AgreementStatus.DRAFT
    await life.withdrawn("e2")
    assert (await agreements.agreement(member("e1"), "grp1")).status is AgreementStatus.SIGNED
    assert (await life.kinds("grp1"))[-2:] == ["PairDissolved", "AgreementSigned"]


# The coordinator's file of agreements


async def _programme_of_pairs(life: Lifecycle) -> None:
    """g1: p1 signed first, p3 signed next, p2 still a draft; p9 signed in programme g2."""
    for n in (2, 3):
        await life.pair(f"p{n}", mentor_id=f"mentor{n}", mentee_id=f"mentee{n}")
    await life.pair("p9", program_id="g2", mentor_id="mentor9", mentee_id="mentee9")
    await life.signed("p1")
    life.clock.advance(days=1)
    await life.signed("p3", ("mentor3", "mentee3"))
    await life.signed("p9", ("mentor9", "mentee9"))
    await life.scheduling.agreements.propose(member("mentee2"), "p2", proposal(0))


async def test_the_coordinator_lists_the_programmes_signed_agreements_newest_first(life: Lifecycle) -> None:
    await _programme_of_pairs(life)
    agreements = life.scheduling.agreements
    signed = await agreements.program_agreements(coordinator(), "g1", AgreementsQuery(status="signed"))
    assert [(a.pair_id, a.status) for a in signed.items] == [("p3", "signed"), ("p1", "signed")]
    assert signed.items[0].terms.schedule.frequency is MeetingFrequency.FORTNIGHTLY
    assert signed.next_cursor is None
    drafts = await agreements.program_agreements(coordinator(), "g1", AgreementsQuery(status="draft"))
    assert [a.pair_id for a in drafts.items] == ["p2"]
    every = await agreements.program_agreements(coordinator(), "g1", AgreementsQuery())
    assert sorted(a.pair_id for a in every.items) == ["p1", "p2", "p3"]
    assert (await agreements.program_agreements(coordinator(), "g3", AgreementsQuery())).items == []
    assert (await agreements.program_agreements(coordinator("agency-b"), "g1", AgreementsQuery())).items == []


async def test_the_file_of_agreements_is_paged(life: Lifecycle) -> None:
    await _programme_of_pairs(life)
    agreements, seen, cursor = life.scheduling.agreements, [], None
    while True:
        query = AgreementsQuery(limit=1, **({"cursor": cursor} if cursor else {}))
        found = await agreements.program_agreements(coordinator(), "g1", query)
        seen += [a.pair_id for a in found.items]
        if (cursor := found.next_cursor) is None:
            break
    whole = await agreements.program_agreements(coordinator(), "g1", AgreementsQuery())
    assert seen == [a.pair_id for a in whole.items] and len(seen) == 3
    with pytest.raises(Invalid, match="this cursor is not from this list") as refused:
        await agreements.program_agreements(coordinator(), "g1", AgreementsQuery(cursor="p9"))
    assert refused.value.field == "cursor"


@pytest.mark.parametrize("person", ["mentor", "mentee"])
async def test_only_a_coordinator_lists_the_programmes_agreements(life: Lifecycle, person: str) -> None:
    with pytest.raises(Forbidden, match="this needs the role coordinator"):
        await life.scheduling.agreements.program_agreements(member(person), "g1", AgreementsQuery())
