"""A partnership's agreement: terms proposed as numbered versions, signed by every member of the same version.

Until every member signed, either member may propose new terms; a new version clears every earlier signature, so
nobody is bound by terms they did not read. A change names the version it was based on, so a proposal made
meanwhile by the other member is refused (409) rather than silently overwritten. Version 0 is the guidance's
default terms with the programme's usual cadence, before anyone proposed; it cannot be signed, as a schedule must
be agreed. Once every member signed, the agreement is fixed: the partnership is active. The terms' text stays in
scheduling, in the private part of the proposal's fact; `AgreementSigned` tells only ids, version and when.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from mentoring_contracts.api import AgreementTerms, MeetingSchedule
from mentoring_contracts.names import AgreementStatus, MeetingFrequency, MeetingMode
from mentoring_runtime.errors import Conflict
from scheduling.domain.facts import AgreementProposed


class AgreementChanged(Conflict):
    """The agreement moved on since the member read it: they read it again and decide on what it now says."""


class AgreementFixed(Conflict):
    """Every member signed: the agreement no longer changes."""


@dataclass(frozen=True)
class Agreement:
    version: int = 0
    terms: AgreementTerms | None = None  # None: nobody proposed yet
    proposed_by: str | None = None
    signatures: Mapping[str, datetime] = field(default_factory=dict)
    signed_at: datetime | None = None  # when every member had signed

    @property
    def status(self) -> AgreementStatus:
        return AgreementStatus.SIGNED if self.signed_at else AgreementStatus.DRAFT


@dataclass(frozen=True)
class AgreementText:
    """What stays beside the proposal's fact: the terms as proposed."""

    terms: dict[str, Any]


def default_terms(meetings_per_month: int) -> AgreementTerms:
    """The guidance's ground rules and confidentiality, meeting as often as the programme's cadence asks."""
    frequency = (
        MeetingFrequency.WEEKLY
        if meetings_per_month >= 4
        else MeetingFrequency.FORTNIGHTLY
        if meetings_per_month >= 2
        else MeetingFrequency.MONTHLY
    )
    return AgreementTerms(schedule=MeetingSchedule(frequency=frequency, mode=MeetingMode.VIRTUAL))


def propose(
    agreement: Agreement, pair_id: str, proposed_by: str, terms: AgreementTerms, based_on_version: int
) -> tuple[AgreementProposed, AgreementText]:
    """The next version with `terms`, unless the agreement is signed or moved on past `based_on_version`."""
    if agreement.signed_at is not None:
        raise AgreementFixed(
            f"every member signed version {agreement.version} of the agreement: it no longer changes. "
            "Agree any change between you and log it in your meetings"
        )
    if based_on_version != agreement.version:
        raise AgreementChanged(
            f"the agreement is at version {agreement.version}, not {based_on_version}: read it again and propose "
            "your change on what it now says"
        )
    event = AgreementProposed(pair_id=pair_id, version=agreement.version + 1, proposed_by=proposed_by)
    return event, AgreementText(terms.model_dump(mode="json"))


def sign(agreement: Agreement, person_id: str, version: int, members: Iterable[str]) -> bool:
    """Whether `person_id` signing `version` completes the agreement (every member signed); refused when the version
    is not the current one, nothing was proposed, or the agreement is already complete. Signing twice is refused too:
    a member who wants to see who signed reads the agreement."""
    if agreement.signed_at is not None:
        raise AgreementFixed(f"every member already signed version {agreement.version} of the agreement")
    if agreement.version == 0:
        raise Conflict("nobody proposed the agreement's terms yet: propose them (PUT …/agreement), then sign")
    if version != agreement.version:
        raise AgreementChanged(
            f"the agreement is at version {agreement.version}, not {version}: read it again, and sign the version "
            "you read"
        )
    if person_id in agreement.signatures:
        raise Conflict(f"you already signed version {version}; it waits for the other members' signatures")
    return signed_by_all(agreement, members, also=person_id)


def signed_by_all(agreement: Agreement, members: Iterable[str], also: str | None = None) -> bool:
    """Whether every one of `members` signed the current version (with `also` signing now), and it is not complete
    yet. After a group member left, the members who stay may all have signed: it is then complete, as nobody is
    left to sign (and a member cannot sign twice)."""
    if agreement.signed_at is not None or agreement.version == 0:
        return False
    return set(members) <= {*agreement.signatures, *([also] if also else [])}


def proposed(agreement: Agreement, event: AgreementProposed, private: Mapping[str, Any]) -> Agreement:
    terms = AgreementTerms.model_validate(private["terms"])
    return Agreement(version=event.version, terms=terms, proposed_by=event.proposed_by)


def signed_by(agreement: Agreement, person_id: str, at: datetime) -> Agreement:
    return replace(agreement, signatures={**agreement.signatures, person_id: at})


def signed(agreement: Agreement, members: Iterable[str], at: datetime) -> Agreement:
    """Complete: the members who had not signed yet (the last one) signed at `at`."""
    signatures = {person: agreement.signatures.get(person, at) for person in members}
    return replace(agreement, signatures=signatures, signed_at=at)
