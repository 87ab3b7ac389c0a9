"""Every status, kind and role of the platform, named once and used on both sides of the wire.

A value the producer writes and the reader checks must come from the same enum, or one side drifts: a match run
stored as `failed` that the response model did not allow answered 500 until both sides read this module.
"""

from enum import StrEnum


class Service(StrEnum):
    """The deployables. Each owns its data, publishes on its own topic and answers a part of the public API."""

    ENROLMENT = "enrolment"
    MATCHING = "matching"
    SCHEDULING = "scheduling"
    EVALUATION = "evaluation"
    GATEWAY = "gateway"


class Role(StrEnum):
    """Roles a token grants (its `roles` claim)."""

    COORDINATOR = "coordinator"
    MENTOR = "mentor"
    MENTEE = "mentee"
    LEADERSHIP = "leadership"  # the agency's leadership: agency-wide analytics only, never a person's data


class ParticipantRole(StrEnum):
    """The part a person takes in one programme."""

    MENTOR = "mentor"
    MENTEE = "mentee"


class ProgramKind(StrEnum):
    ONE_TO_ONE = "one_to_one"
    GROUP = "group"  # one mentor for a batch of mentees
    PEER = "peer"


class ProgramStatus(StrEnum):
    """draft → open → running → closed. Only a draft is edited freely; people enrol while open or running."""

    DRAFT = "draft"
    OPEN = "open"
    RUNNING = "running"
    CLOSED = "closed"

    @property
    def enrolling(self) -> bool:
        return self in (ProgramStatus.OPEN, ProgramStatus.RUNNING)


class ApplicationStatus(StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"

    @property
    def decided(self) -> bool:
        return self is not ApplicationStatus.PENDING


class EligibilityRule(StrEnum):
    """The rules a programme can set; an application names each one it does not meet."""

    MONTHS_OF_SERVICE = "months_of_service"
    GOOD_STANDING = "good_standing"
    GRADE = "grade"
    INFO_SESSION = "info_session"


class ImportStatus(StrEnum):
    RUNNING = "running"
    COMPLETED = "completed"
    FAILED = "failed"


class MatchRunStatus(StrEnum):
    """requested → running → proposed → publishing → published; a proposal may instead be discarded. Nothing is
    published until a coordinator says so; a run that could not be solved has failed."""

    REQUESTED = "requested"
    RUNNING = "running"
    PROPOSED = "proposed"
    PUBLISHING = "publishing"
    PUBLISHED = "published"
    DISCARDED = "discarded"
    FAILED = "failed"

    @property
    def solving(self) -> bool:
        return self in (MatchRunStatus.REQUESTED, MatchRunStatus.RUNNING)


class Criterion(StrEnum):
    """What makes a pair good. Each scores a pair in [0, 1]; a policy weighs them 0-10, or makes one a must."""

    SKILLS = "skills"  # the mentor has the skills the mentee wants
    GOALS = "goals"  # the mentee's goal tags among the mentor's strengths
    DIVERSITY = "diversity"  # from another department: the guidance prefers differing experience
    SENIORITY = "seniority"  # the grade gap close to the policy's preferred gap
    LOCATION = "location"  # the same place of work
    TIME_ZONE = "time_zone"  # working hours that overlap


class HardRule(StrEnum):
    """What no proposal, lock or manual pair may break. Some a policy may switch or set; the others always hold."""

    SELF = "self"
    REPORTING_LINE = "reporting_line"  # the mentee's manager or above, or someone who reports to the mentee
    CONFLICT = "conflict"  # either declared the other a conflict
    SHARED_LANGUAGE = "shared_language"
    TIME_ZONE_DIFFERENCE = "time_zone_difference"
    GRADE_GAP = "grade_gap"
    MUST_MATCH = "must_match"  # a criterion the policy weighs "must" scores nothing for the pair
    EXCLUDED = "excluded"  # a coordinator excluded the pair while reviewing a run
    CAPACITY = "capacity"
    ALREADY_MATCHED = "already_matched"


class MatchObjective(StrEnum):
    MOST_MATCHED = "most_matched"  # as many mentees as possible, then the highest total score
    HIGHEST_TOTAL = "highest_total"  # the highest total score, however many that matches


class UnmatchedReason(StrEnum):
    NO_ELIGIBLE_MENTOR = "no_eligible_mentor"
    MENTORS_FULL = "mentors_full"
    BELOW_MIN_SCORE = "below_min_score"


class MatchMode(StrEnum):
    """How a pair came about."""

    RUN = "run"  # published from a coordinator's reviewed match run
    MANUAL = "manual"  # created directly by a coordinator
    SELF_SELECT = "self_select"  # a mentee requested the mentor from their suggestions, and the mentor accepted


class MentorRequestStatus(StrEnum):
    """A mentee's request for a mentor, where the programme's policy allows self-select: open until the mentor
    accepts or declines it, or the policy's days pass (expired). An accepted request is a pair; a closed one could
    not become one (the mentor's places were taken, or the mentee was matched, meanwhile). Only an open request holds
    the mentee back from requesting again."""

    OPEN = "open"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    EXPIRED = "expired"
    CLOSED = "closed"


class PartnershipStatus(StrEnum):
    """pending_agreement → active → closed, or dissolved from either: a partnership starts when its pair (or group) is
    matched, is active once every member signed the same version of its agreement, and ends at term (closed, with a
    final review) or early (dissolved, on a member's or the coordinator's request or a member's withdrawal)."""

    PENDING_AGREEMENT = "pending_agreement"
    ACTIVE = "active"
    DISSOLVED = "dissolved"
    CLOSED = "closed"

    @property
    def ended(self) -> bool:
        return self in (PartnershipStatus.DISSOLVED, PartnershipStatus.CLOSED)


class CadenceStanding(StrEnum):
    """How an active partnership keeps its cadence: on track, behind on the meetings its schedule expects (overdue),
    or without any meeting for the programme's number of days (inactive)."""

    ON_TRACK = "on_track"
    OVERDUE = "overdue"
    INACTIVE = "inactive"


class AgreementStatus(StrEnum):
    """An agreement is a draft until every member signed its current version; any change makes a new draft."""

    DRAFT = "draft"
    SIGNED = "signed"


class MeetingFrequency(StrEnum):
    """How often a partnership's schedule says it meets: the period the cadence checker holds it to."""

    WEEKLY = "weekly"
    FORTNIGHTLY = "fortnightly"
    MONTHLY = "monthly"

    @property
    def days(self) -> int:
        return {MeetingFrequency.WEEKLY: 7, MeetingFrequency.FORTNIGHTLY: 14, MeetingFrequency.MONTHLY: 30}[self]


class Weekday(StrEnum):
    MONDAY = "monday"
    TUESDAY = "tuesday"
    WEDNESDAY = "wednesday"
    THURSDAY = "thursday"
    FRIDAY = "friday"
    SATURDAY = "saturday"
    SUNDAY = "sunday"


class MeetingMode(StrEnum):
    IN_PERSON = "in_person"
    VIRTUAL = "virtual"


class ScheduledMeetingStatus(StrEnum):
    """A scheduled meeting is upcoming until it is cancelled or logged as held."""

    SCHEDULED = "scheduled"
    CANCELLED = "cancelled"
    HELD = "held"


class FirstMeetingItem(StrEnum):
    """The guidance's checklist for a partnership's first meeting, which the pair ticks."""

    INTRODUCTIONS = "introductions"
    GROUND_RULES = "ground_rules"
    SCHEDULE = "schedule"
    GOALS = "goals"
    DEVELOPMENT_PLAN = "development_plan"


class Initiator(StrEnum):
    """Who asked for a partnership to end early."""

    MENTOR = "mentor"
    MENTEE = "mentee"
    COORDINATOR = "coordinator"
    WITHDRAWAL = "withdrawal"  # a member withdrew from the programme (ParticipantWithdrawn)


class DissolutionReason(StrEnum):
    """Why a partnership ended before its term."""

    POOR_FIT = "poor_fit"
    CHANGED_CIRCUMSTANCES = "changed_circumstances"
    INACTIVE = "inactive"
    CONDUCT = "conduct"
    PARTICIPANT_WITHDREW = "participant_withdrew"
    OTHER = "other"


class ClosureReason(StrEnum):
    """Why a partnership closed with a final review: it reached its term, or met its goals near it."""

    TERM_COMPLETED = "term_completed"
    GOALS_ACHIEVED = "goals_achieved"


class GoalOutcome(StrEnum):
    """How far a goal was achieved, as the final review judges it."""

    ACHIEVED = "achieved"
    PARTLY = "partly"
    NOT_ACHIEVED = "not_achieved"


class ObjectiveStatus(StrEnum):
    """How far one objective of a development plan has come, as the mentee reports it month by month."""

    NOT_STARTED = "not_started"
    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    ACHIEVED = "achieved"


class SurveyKind(StrEnum):
    """The three surveys of a partnership: how well the pair fits (after its first logged meeting), how satisfied
    its members are (every few months while active), and how it went (when it closes or is dissolved)."""

    PAIRING_FIT = "pairing_fit"
    PERIODIC = "periodic"
    CLOSING = "closing"


class SurveyStatus(StrEnum):
    """A survey is open from its moment until answered, or until the policy's days pass (closed unanswered)."""

    OPEN = "open"
    ANSWERED = "answered"
    CLOSED = "closed"


class QuestionKind(StrEnum):
    """A survey question is answered with a rating from 1 to 5, or with free text the coordinators alone read."""

    RATING = "rating"
    TEXT = "text"


class Withholding(StrEnum):
    """Why a figure of a k-anonymous answer is withheld: computed over fewer people than the agency's threshold, or
    shown it would let the reader subtract their way to one that is."""

    FEW_PEOPLE = "few_people"
    DERIVABLE = "derivable"


class ExportChart(StrEnum):
    """The charts an analytics answer can be drawn as (Accept: image/svg+xml)."""

    FUNNEL = "funnel"
    CADENCE = "cadence"
