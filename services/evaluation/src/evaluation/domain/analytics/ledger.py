"""An agency's analytics ledger: every figure per month, kept up to date fact by fact, for the agency and for each
of its programmes.

Facts arrive in any order (different topics, a reload reads them in store order), so what a fact changes is never
decided when it arrives. Facts about one participant (their application, approval, matches, withdrawal) or one
partnership (its signature, reports, meetings' people, plan, ending) are folded into that thing's state; the thing
*contributes* items to the figures (a measure of distinct things and their people over months, a tally per month,
a day count for the median), and a new fact takes the thing's old contribution back and adds its new one. So the
figures are a function of the set of facts, whatever their order, and a fact the store refused as already counted
(a redelivery) changes nothing. Facts that stand alone (a meeting's hours, a survey's ratings) add their items once.

Measures (`Distinct`) count a thing once in a range even if it spans months (a partnership active for a year is one
active partnership in the year), and count the distinct people a figure is computed over, for k-anonymity.
"""

from collections import Counter
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from evaluation.domain.analytics.distinct import Distinct, Interval
from evaluation.domain.analytics.facts import Fact
from evaluation.domain.analytics.months import OPEN
from evaluation.domain.months import index

Item = tuple[Hashable, ...]
# ("measure", figure, thing, people, interval) | ("tally", figure, month, amount) | ("days", month, days)


@dataclass
class Measure:
    things: Distinct = field(default_factory=Distinct)
    people: Distinct = field(default_factory=Distinct)


@dataclass
class Scope:
    """One programme's figures, or the whole agency's."""

    opened: bool = False
    as_of: datetime | None = None
    measures: dict[str, Measure] = field(default_factory=dict)
    tallies: dict[str, Counter[int]] = field(default_factory=dict)
    days_to_match: dict[int, Counter[int]] = field(default_factory=dict)  # per month of first match
    questions: set[tuple[str, str]] = field(default_factory=set)  # (survey kind, question id) ever rated

    def measure(self, figure: str) -> Measure:
        return self.measures.get(figure) or _NOTHING

    def tally(self, figure: str, first: int, last: int) -> int:
        months = self.tallies.get(figure)
        if not months:
            return 0
        return sum(value for month, value in months.items() if first <= month <= last)

    def apply(self, item: Item, sign: int) -> None:
        match item:
            case ("measure", figure, thing, people, interval):
                measure = self.measures.get(figure)  # type: ignore[arg-type]
                if measure is None:
                    measure = self.measures[figure] = Measure()  # type: ignore[index]
                measure.things.add(thing, interval, sign)  # type: ignore[arg-type]
                for person in people:  # type: ignore[attr-defined]
                    measure.people.add(person, interval, sign)  # type: ignore[arg-type]
            case ("tally", figure, month, amount):
                _counter(self.tallies, figure)[month] += sign * amount  # type: ignore[arg-type, index, operator]
            case ("days", month, days):
                _counter(self.days_to_match, month)[days] += sign  # type: ignore[arg-type, index]


_NOTHING = Measure()


def _counter(counters: dict[Any, Counter[int]], key: Any) -> Counter[int]:
    counter = counters.get(key)
    if counter is None:
        counter = counters[key] = Counter()
    return counter


def _point(moment: datetime) -> Interval:
    month = index(moment)
    return (month, month)


def _time(text: str) -> datetime:
    return datetime.fromisoformat(text)


@dataclass
class Participant:
    """One person's part in one programme, as the facts so far tell it."""

    program_id: str
    person: str
    role: str | None = None
    applied_at: datetime | None = None
    eligible: bool | None = None
    approved_at: datetime | None = None
    exception: bool = False
    matched_at: datetime | None = None  # the first match
    withdrawn_at: datetime | None = None

    def contribution(self) -> list[Item]:
        thing, people = (self.program_id, self.person), (self.person,)
        items: list[Item] = []
        if self.withdrawn_at is not None:
            items.append(("measure", "withdrawals", thing, people, _point(self.withdrawn_at)))
        cohort = self.applied_at or self.approved_at
        if cohort is None or self.role is None:
            return items
        # Without its application on record (a coordinator's shortcut before it published one), an approval
        # stands for it: applied then, and eligible unless approved as an exception.
        eligible = self.eligible if self.applied_at is not None else not self.exception
        approved, matched = self.approved_at is not None, self.matched_at is not None
        stages = [
            "applied",
            "eligible" if eligible else "not_eligible",
            "approved" if approved else "not_approved",
        ]
        if approved:
            stages.append("matched" if matched else "unmatched")
        month = _point(cohort)
        items += [("measure", f"{self.role}.{stage}", thing, people, month) for stage in stages]
        if self.role == "mentee" and approved and matched:
            assert self.matched_at is not None and self.approved_at is not None
            first = _point(self.matched_at)
            days = max(0, (self.matched_at - self.approved_at).days)
            items += [("measure", "first_matched", thing, people, first), ("days", first[0], days)]
        return items

    def fold(self, fact: Fact) -> None:
        data = fact.data
        match fact.kind:
            case "ApplicationSubmitted":
                self.role, self.applied_at, self.eligible = (
                    data["role"],
                    _earliest(self.applied_at, fact.at),
                    data["eligible"],
                )
            case "MentorEnrolled" | "MenteeEnrolled":
                self.role, self.approved_at, self.exception = (
                    data["role"],
                    _earliest(self.approved_at, fact.at),
                    data["exception"],
                )
            case "ParticipantWithdrawn":
                self.role, self.withdrawn_at = data["role"], _earliest(self.withdrawn_at, fact.at)
            case "PairMatched":
                self.role = self.role or ("mentor" if data["mentor"] == self.person else "mentee")
                self.matched_at = _earliest(self.matched_at, fact.at)


@dataclass
class Partnership:
    """One partnership (a pair, or a group's whole group), as the facts so far tell it."""

    program_id: str
    pair_id: str
    members: set[str] = field(default_factory=set)
    mentor: str | None = None
    signed_at: datetime | None = None
    ended_at: datetime | None = None
    overdue_found: set[int] = field(default_factory=set)
    missed_periods: set[int] = field(default_factory=set)  # months in which a missed period ended
    inactive_found: set[int] = field(default_factory=set)
    agreed_at: datetime | None = None
    closure: tuple[int, str, tuple[str, ...]] | None = None  # month, reason, goal outcomes
    dissolution: tuple[int, str] | None = None  # month, reason; whole partnerships only
    met: dict[int, set[str]] = field(default_factory=dict)  # per month, who was at a meeting

    def contribution(self) -> list[Item]:
        thing, people = (self.program_id, self.pair_id), tuple(sorted(self.members))
        items: list[Item] = []

        def measure(figure: str, interval: Interval) -> None:
            items.append(("measure", figure, thing, people, interval))

        if self.signed_at is not None:
            start = index(self.signed_at)
            measure("active", (start, index(self.ended_at) if self.ended_at is not None else OPEN))
        for figure, months in (
            ("overdue", self.overdue_found),
            ("inactive", self.inactive_found),
            ("noncompliant", self.missed_periods),
        ):
            for month in sorted(months):
                measure(figure, (month, month))
        if self.agreed_at is not None:
            measure("plans_agreed", _point(self.agreed_at))
        if self.closure is not None:
            month, reason, outcomes = self.closure
            achieved = sum(1 for outcome in outcomes if outcome == "achieved")
            measure(f"closures.{reason}", (month, month))
            for figure, goals in (
                ("goals_set", len(outcomes)),
                ("goals_achieved", achieved),
                ("goals_not_achieved", len(outcomes) - achieved),
            ):
                if goals:
                    measure(figure, (month, month))
                    items.append(("tally", figure, month, goals))
        if self.dissolution is not None:
            month, reason = self.dissolution
            measure(f"dissolutions.{reason}", (month, month))
        for month, present in sorted(self.met.items()):
            attending = tuple(sorted(present | ({self.mentor} if self.mentor else set())))
            items.append(("measure", "meetings", thing, attending, (month, month)))
        return items

    def fold(self, fact: Fact) -> None:
        data = fact.data
        if "mentor" in data:
            self.mentor = data["mentor"]
            self.members.add(data["mentor"])
        self.members.update(data.get("mentees", ()))
        match fact.kind:
            case "AgreementSigned":
                self.signed_at = _earliest(self.signed_at, _time(data["signed_at"]))
            case "MeetingLogged":
                self.met.setdefault(index(_time(data["held_at"])), set()).update(data["present"])
            case "MeetingOverdue":
                self.overdue_found.add(index(fact.at))
                self.missed_periods.add(index(_time(data["period_end"])))
            case "PartnershipInactive":
                self.inactive_found.add(index(fact.at))
            case "GoalsAgreed":
                self.agreed_at = _earliest(self.agreed_at, _time(data["agreed_at"]))
            case "PartnershipClosed":
                self.ended_at = _earliest(self.ended_at, fact.at)
                self.closure = (index(fact.at), data["reason"], tuple(data["outcomes"]))
            case "PairDissolved" if data["whole"]:
                self.ended_at = _earliest(self.ended_at, fact.at)
                self.dissolution = (index(fact.at), data["reason"])


def _earliest(known: datetime | None, moment: datetime) -> datetime:
    return moment if known is None or moment < known else known


_PARTNERSHIP_KINDS = {
    "AgreementSigned", "MeetingLogged", "MeetingOverdue", "PartnershipInactive", "GoalsAgreed", "PartnershipClosed",
    "PairDissolved",
}  # fmt: skip
_PARTICIPANT_KINDS = {"ApplicationSubmitted", "MentorEnrolled", "MenteeEnrolled", "ParticipantWithdrawn"}


class AgencyLedger:
    """The agency's scopes: one per programme it heard of, and the agency's own (key None)."""

    def __init__(self) -> None:
        self.scopes: dict[str | None, Scope] = {None: Scope()}
        self._participants: dict[tuple[str, str], Participant] = {}
        self._partnerships: dict[tuple[str, str], Partnership] = {}

    def program(self, program_id: str) -> Scope | None:
        """The programme's figures, or None if no ProgramOpened of it was applied here."""
        scope = self.scopes.get(program_id)
        return scope if scope is not None and scope.opened else None

    @property
    def agency(self) -> Scope:
        return self.scopes[None]

    def apply(self, fact: Fact) -> None:
        """Fold one fact, which the store has just counted for the first time, into the figures."""
        scopes = (self.scopes.setdefault(fact.program_id, Scope()), self.agency)
        for scope in scopes:
            if scope.as_of is None or fact.at > scope.as_of:
                scope.as_of = fact.at
        if fact.kind == "ProgramOpened":
            scopes[0].opened = True
        elif fact.kind == "PairMatched":
            for person in (fact.data["mentor"], fact.data["mentee"]):
                self._change(scopes, self._participant(fact.program_id, person), fact)
        elif fact.kind in _PARTICIPANT_KINDS:
            self._change(scopes, self._participant(fact.program_id, fact.data["person"]), fact)
        if fact.kind in _PARTNERSHIP_KINDS:
            self._change(scopes, self._partnership(fact.program_id, fact.data["pair"]), fact)
        for item in _standalone(fact):
            for scope in scopes:
                scope.apply(item, +1)
        if fact.kind == "FeedbackSubmitted":
            for answer in fact.data["ratings"]:
                for scope in scopes:
                    scope.questions.add((fact.data["survey"], answer["question"]))

    def _participant(self, program_id: str, person: str) -> Participant:
        return self._participants.setdefault((program_id, person), Participant(program_id, person))

    def _partnership(self, program_id: str, pair_id: str) -> Partnership:
        return self._partnerships.setdefault((program_id, pair_id), Partnership(program_id, pair_id))

    @staticmethod
    def _change(scopes: Iterable[Scope], thing: Participant | Partnership, fact: Fact) -> None:
        before = thing.contribution()
        thing.fold(fact)
        after = thing.contribution()
        if before == after:
            return
        taken, added = Counter(before), Counter(after)
        taken.subtract(after)
        added.subtract(before)
        for scope in scopes:
            for item, times in taken.items():
                for _ in range(times):
                    scope.apply(item, -1)
            for item, times in added.items():
                for _ in range(times):
                    scope.apply(item, +1)


def _standalone(fact: Fact) -> list[Item]:
    """The items of a fact that stands alone: a meeting's count and minutes, a survey answer's ratings."""
    data = fact.data
    if fact.kind == "MeetingLogged":
        month = index(_time(data["held_at"]))
        return [("tally", "meetings", month, 1), ("tally", "meeting_minutes", month, data["minutes"])]
    if fact.kind == "FeedbackSubmitted":
        month, survey, respondent = index(_time(data["submitted_at"])), data["survey"], data["respondent"]
        thing = (fact.program_id, respondent)
        items: list[Item] = []
        for answer in data["ratings"]:
            key, rating = f"{survey}|{answer['question']}", answer["rating"]
            items += [
                ("measure", f"respondents|{key}", thing, (respondent,), (month, month)),
                ("measure", f"rated|{key}|{rating}", thing, (respondent,), (month, month)),
                ("tally", f"ratings|{key}|{rating}", month, 1),
                ("tally", f"rating_sum|{key}", month, rating),
            ]
        return items
    return []
