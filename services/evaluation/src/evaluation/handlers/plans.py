"""A partnership's development plan: read by its members and the programme's coordinators, written and agreed by its
members (`domain/plan.py` has the rules). The partnership is named by its id or a group member's own pair id; its
plan is the partnership's one plan. The last member's agreement is published as GoalsAgreed, without any text."""

from collections.abc import Callable
from datetime import date, datetime

from evaluation.domain.access import readable_by, still_going, writable_by
from evaluation.domain.partnership import Partnership
from evaluation.domain.plan import Plan, Revision, agree, revise
from evaluation.stores.partnerships import HeldPartnerships
from evaluation.stores.plans import HeldPlans
from mentoring_contracts.api import PageQuery
from mentoring_contracts.api.plans import AgreePlan, PlanRevisionPage, PlanView, RevisePlan
from mentoring_contracts.names import Role
from mentoring_runtime.aggregates import Decision
from mentoring_runtime.paging import page_kept
from mentoring_runtime.web import Caller

Clock = Callable[[], datetime]


class Plans:
    def __init__(self, partnerships: HeldPartnerships, plans: HeldPlans, clock: Clock) -> None:
        self.partnerships = partnerships
        self.plans = plans
        self.clock = clock

    async def plan(self, caller: Caller, pair_id: str) -> PlanView:
        """The plan's newest revision (revision 0, no objectives, while nobody wrote one)."""
        partnership = await self._readable(caller, pair_id, "read its development plan")
        plan = await self.plans.plan(caller.agency_id, partnership.partnership_id)
        return await self._view(caller.agency_id, partnership, plan, plan.newest if plan else None)

    async def revisions(self, caller: Caller, pair_id: str, query: PageQuery) -> PlanRevisionPage:
        """Every revision, newest first."""
        partnership = await self._readable(caller, pair_id, "read its development plan")
        plan = await self.plans.plan(caller.agency_id, partnership.partnership_id)
        if plan is None:
            return PlanRevisionPage(items=[])
        ends_on = await self.partnerships.term_ends_on(caller.agency_id, partnership)
        newest_first = [str(number) for number in range(plan.revision, 0, -1)]
        items, cursor = page_kept(
            newest_first, query, lambda key: _view(partnership, plan, plan.revisions[int(key) - 1], ends_on)
        )
        return PlanRevisionPage(items=items, next_cursor=cursor)

    async def revise(self, caller: Caller, pair_id: str, request: RevisePlan) -> PlanView:
        partnership = await self.partnerships.find(caller.agency_id, pair_id)
        writable_by(partnership, caller.actor_id, "write its development plan")
        still_going(partnership, "its development plan no longer changes")
        term = await self.partnerships.term(caller.agency_id, partnership)
        at = self.clock()

        def decide(plan: Plan | None) -> Decision:
            return revise(
                plan,
                partnership.partnership_id,
                partnership.program_id,
                caller.actor_id,
                partnership.is_mentor(caller.actor_id),
                request.objectives,
                request.based_on_revision,
                term,
                at,
            )

        plan = await self.plans.change(caller.cause(), partnership.partnership_id, decide)
        assert plan is not None  # a revision was recorded
        return _view(partnership, plan, plan.newest, term.ends_on)

    async def agree(self, caller: Caller, pair_id: str, request: AgreePlan) -> PlanView:
        partnership = await self.partnerships.find(caller.agency_id, pair_id)
        writable_by(partnership, caller.actor_id, "agree its development plan")
        still_going(partnership, "its development plan can no longer be agreed")
        at = self.clock()

        def decide(plan: Plan | None) -> Decision:
            return agree(plan, caller.actor_id, request.revision, partnership.member_ids, at)

        plan = await self.plans.change(caller.cause(), partnership.partnership_id, decide)
        return await self._view(caller.agency_id, partnership, plan, plan.newest if plan else None)

    async def _readable(self, caller: Caller, pair_id: str, what: str) -> Partnership:
        partnership = await self.partnerships.find(caller.agency_id, pair_id)
        readable_by(partnership, caller.actor_id, Role.COORDINATOR in caller.roles, what)
        return partnership

    async def _view(
        self, agency_id: str, partnership: Partnership, plan: Plan | None, revision: Revision | None
    ) -> PlanView:
        return _view(partnership, plan, revision, await self.partnerships.term_ends_on(agency_id, partnership))


def _view(partnership: Partnership, plan: Plan | None, revision: Revision | None, ends_on: date) -> PlanView:
    return PlanView(
        pair_id=partnership.partnership_id,
        program_id=partnership.program_id,
        revision=revision.number if revision else 0,
        objectives=list(revision.objectives) if revision else [],
        revised_at=revision.revised_at if revision else None,
        revised_by=revision.revised_by if revision else None,
        agreed_by=sorted(revision.agreed_by) if revision else [],
        agreed_revision=plan.agreed_revision if plan else None,
        term_ends_on=ends_on,
    )
