"""The hard rules no proposal, lock or manual pair may break, judged for one pair.

This is the rule book in words; the solver applies the same rules to whole cohorts at once (`solver.py`), and the
tests hold the two to the same answers. Capacity is the solver's and the claims' to keep, not a pair's.
"""

from matching.domain.candidates import Mentee, Mentor
from matching.domain.criteria import criterion_value
from matching.domain.hierarchy import Hierarchy
from matching.domain.policy import Policy
from mentoring_contracts.names import HardRule


def broken_rules(mentor: Mentor, mentee: Mentee, policy: Policy, hierarchy: Hierarchy) -> list[HardRule]:
    """Every rule the pair breaks, in the order of `HardRule`; empty if they may be paired."""
    broken: list[HardRule] = []
    if mentor.person_id == mentee.person_id:
        broken.append(HardRule.SELF)
    if hierarchy.in_line(mentor.person_id, mentee.person_id, mentor.manager_id, mentee.manager_id):
        broken.append(HardRule.REPORTING_LINE)
    if mentee.person_id in mentor.conflicts or mentor.person_id in mentee.conflicts:
        broken.append(HardRule.CONFLICT)
    if policy.shared_language and not set(mentor.languages) & set(mentee.languages):
        broken.append(HardRule.SHARED_LANGUAGE)
    gap = hours_apart(mentor, mentee)
    if policy.max_time_zone_hours is not None and gap is not None and gap > policy.max_time_zone_hours:
        broken.append(HardRule.TIME_ZONE_DIFFERENCE)
    if mentor.grade_level is not None and mentee.grade_level is not None:
        if mentor.grade_level - mentee.grade_level < policy.min_grade_gap:
            broken.append(HardRule.GRADE_GAP)
    if any(criterion_value(c, mentor, mentee, policy) == 0 for c in sorted(policy.must)):
        broken.append(HardRule.MUST_MATCH)
    return broken


def refusal(mentor: Mentor, mentee: Mentee, policy: Policy, hierarchy: Hierarchy) -> str | None:
    """Why the pair may not be made, every broken rule named and explained; None if it may."""
    broken = broken_rules(mentor, mentee, policy, hierarchy)
    if not broken:
        return None
    reasons = "; ".join(f"{rule}: {why_not(rule, mentor, mentee, policy)}" for rule in broken)
    return f"{mentor.person_id} may not mentor {mentee.person_id} — {reasons}"


def hours_apart(mentor: Mentor, mentee: Mentee) -> float | None:
    if mentor.utc_offset is None or mentee.utc_offset is None:
        return None
    return abs(mentor.utc_offset - mentee.utc_offset) / 60


def why_not(rule: HardRule, mentor: Mentor, mentee: Mentee, policy: Policy) -> str:
    """A rule a pair breaks, in words a coordinator can repeat to the people concerned."""
    match rule:
        case HardRule.SELF:
            return "nobody mentors themself"
        case HardRule.REPORTING_LINE:
            return f"{mentor.person_id} and {mentee.person_id} are in one reporting line"
        case HardRule.CONFLICT:
            return f"{mentor.person_id} and {mentee.person_id} declared a conflict"
        case HardRule.SHARED_LANGUAGE:
            return f"no working language in common ({', '.join(mentor.languages)} and {', '.join(mentee.languages)})"
        case HardRule.TIME_ZONE_DIFFERENCE:
            return f"{hours_apart(mentor, mentee):g} hours apart, more than the policy's {policy.max_time_zone_hours:g}"
        case HardRule.GRADE_GAP:
            return (
                f"the mentor's grade level {mentor.grade_level} is less than {policy.min_grade_gap} above the "
                f"mentee's {mentee.grade_level}"
            )
        case HardRule.MUST_MATCH:
            missing = [c for c in sorted(policy.must) if criterion_value(c, mentor, mentee, policy) == 0]
            return f"the policy makes {', '.join(missing)} a must, and the pair scores nothing on it"
        case _:
            return str(rule)
