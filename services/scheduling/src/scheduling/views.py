"""What scheduling answers: its partnerships, agreements and scheduled meetings as the public API shows them.

Never notes, never a meeting's attendance beyond ids; the agreement's terms, a dissolution's explanation and a final
review are shown to the partnership and its programme's coordinator only (the handlers decide who reads).
"""

from mentoring_contracts.api import (
    AgreementView,
    ChecklistItem,
    EndingView,
    GoalReview,
    PartnershipView,
    ScheduledMeetingView,
    Signature,
)
from mentoring_contracts.names import CadenceStanding, FirstMeetingItem
from scheduling.domain.agreement import default_terms
from scheduling.domain.partnership import Ending, Partnership, ScheduledMeeting
from scheduling.domain.programs import ProgramTerms


def partnership_view(
    partnership: Partnership, terms: ProgramTerms, standing: CadenceStanding | None
) -> PartnershipView:
    return PartnershipView(
        id=partnership.partnership_id,
        program_id=partnership.program_id,
        group_id=partnership.group_id,
        mentor_id=partnership.mentor_id,
        mentee_ids=sorted(partnership.mentee_ids),
        status=partnership.status,
        standing=standing,
        matched_at=partnership.matched_at,
        active_since=partnership.active_since,
        ends_on=partnership.ends_on(terms.duration_months),
        last_met_at=partnership.last_met_at,
        ended_at=partnership.ended_at,
        ending=ending_view(partnership.ending) if partnership.ending else None,
    )


def ending_view(ending: Ending) -> EndingView:
    text = ending.text
    return EndingView(
        status=ending.status,
        at=ending.at,
        dissolution_reason=ending.dissolution_reason,
        initiated_by=ending.initiated_by,
        closure_reason=ending.closure_reason,
        explanation=text.get("explanation"),
        review=text.get("review"),
        goals=[GoalReview.model_validate(goal) for goal in text.get("goals", ())],
    )


def agreement_view(partnership: Partnership, terms: ProgramTerms) -> AgreementView:
    agreement = partnership.agreement
    return AgreementView(
        pair_id=partnership.partnership_id,
        program_id=partnership.program_id,
        version=agreement.version,
        status=agreement.status,
        terms=agreement.terms or default_terms(terms.cadence.meetings_per_month),
        duration_months=terms.duration_months,
        proposed_by=agreement.proposed_by,
        signatures=[Signature(person_id=person, signed_at=at) for person, at in sorted(agreement.signatures.items())],
        signed_at=agreement.signed_at,
    )


def scheduled_meeting_view(partnership: Partnership, meeting: ScheduledMeeting) -> ScheduledMeetingView:
    checklist = None
    if meeting.checklist is not None:
        checklist = [ChecklistItem(item=item, done=item in meeting.checklist) for item in FirstMeetingItem]
    return ScheduledMeetingView(
        id=meeting.meeting_id,
        pair_id=partnership.partnership_id,
        starts_at=meeting.starts_at,
        duration_minutes=meeting.duration_minutes,
        mode=meeting.mode,
        location=meeting.location,
        link=meeting.link,
        agenda=meeting.agenda,
        status=meeting.status,
        scheduled_by=meeting.scheduled_by,
        checklist=checklist,
    )
