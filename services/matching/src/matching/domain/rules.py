"""The hard rules no algorithm may break, and how good a pair is."""

from matching.domain.candidates import Mentee, Mentor


def eligible(mentor: Mentor, mentee: Mentee) -> bool:
    """Never one's own manager (a reporting line is not mentoring), never oneself."""
    return mentor.person_id not in (mentee.person_id, mentee.manager_id)


def score(mentor: Mentor, mentee: Mentee) -> float:
    """The share of the mentee's desired skills the mentor has, in [0, 1]."""
    if not mentee.desired_skills:
        return 0.0
    return len(mentee.desired_skills & mentor.skills) / len(mentee.desired_skills)
