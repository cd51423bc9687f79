"""The one vocabulary of codes and roles, each code with the label people read. Events, rules and request bodies
all use it.

Statutory codes (SSDA903, CIN census) keep the DfE spelling so exports need no translation. Each closed list is
written twice on purpose, side by side: as a `Literal` (what event contracts and request bodies declare, so their
JSON Schemas list the codes inline) and as a labelled enum (what rules and pages use); `_same_codes` refuses to
import this module if the two ever differ.
"""

from enum import StrEnum
from typing import Any, Final, Literal, Self, get_args


class Coded(StrEnum):
    label: str

    # Role("pod_manager") looks a member up without reaching __new__; the default only keeps that call typed.
    def __new__(cls, code: str, label: str = "") -> Self:
        member = str.__new__(cls, code)
        member._value_ = code
        member.label = label
        return member


class Role(StrEnum):
    """What a caller may do, from their token: pod staff, managers, the service, analysts, auditors, systems.

    `performance_analyst` sees aggregates only. `statutory_returns_officer` is the council officer who prepares
    and submits the statutory returns (SSDA903): they, and heads of service, download the child-level files."""

    social_worker = "social_worker"
    senior_social_worker = "senior_social_worker"
    social_worker_in_training = "social_worker_in_training"
    business_support = "business_support"
    pod_manager = "pod_manager"
    head_of_service = "head_of_service"
    performance_analyst = "performance_analyst"
    statutory_returns_officer = "statutory_returns_officer"
    auditor = "auditor"
    feedback_officer = "feedback_officer"
    system = "system"


PodRoleCode = Literal[
    "pod_manager", "senior_social_worker", "social_worker", "social_worker_in_training", "business_support"
]


class PodRole(Coded):
    """The role a worker holds in a pod (a membership)."""

    POD_MANAGER = "pod_manager", "Pod manager"
    SENIOR_SOCIAL_WORKER = "senior_social_worker", "Senior social worker"
    SOCIAL_WORKER = "social_worker", "Social worker"
    SOCIAL_WORKER_IN_TRAINING = "social_worker_in_training", "Social worker in training"
    BUSINESS_SUPPORT = "business_support", "Business support officer"


EmploymentCode = Literal["employed", "agency"]


class Employment(Coded):
    EMPLOYED = "employed", "Employed by the council"
    AGENCY = "agency", "Agency worker"


StatusKindCode = Literal["CIN", "CP", "CLA"]


class StatusKind(Coded):
    CIN = "CIN", "Child in need"
    CP = "CP", "Child protection plan"
    CLA = "CLA", "Looked after"


TransferReasonCode = Literal[
    "MANAGE", "FCONTA", "LEFTRL", "ORGRST", "TSPROC", "ABSENC", "CHCHAN", "PCCHAN", "SWDIED", "OTHERS"
]


class TransferReason(Coded):
    """SSDA903 SW_REASON: why a child's social worker changed."""

    MANAGE = "MANAGE", "Managing caseloads"
    FCONTA = "FCONTA", "First contact or re-referral"
    LEFTRL = "LEFTRL", "Previous worker left role"
    ORGRST = "ORGRST", "Organisational restructure"
    TSPROC = "TSPROC", "Transfer due to standard process"
    ABSENC = "ABSENC", "Absence cover or return from absence"
    CHCHAN = "CHCHAN", "Child requested change"
    PCCHAN = "PCCHAN", "Parent or carer requested change"
    SWDIED = "SWDIED", "Previous worker died"
    OTHERS = "OTHERS", "Other"


CpCategoryCode = Literal["NEG", "PHY", "SAB", "EMO", "MUL"]


class CpCategory(Coded):
    """CIN census category of abuse for a child protection plan."""

    NEG = "NEG", "Neglect"
    PHY = "PHY", "Physical abuse"
    SAB = "SAB", "Sexual abuse"
    EMO = "EMO", "Emotional abuse"
    MUL = "MUL", "Multiple categories"


LegalStatusCode = Literal["C1", "C2", "D1", "E1", "J1", "J2", "J3", "L1", "L2", "L3", "V2", "V3", "V4"]


class LegalStatus(Coded):
    """SSDA903 LS: the legal status of a looked-after child."""

    C1 = "C1", "Interim care order"
    C2 = "C2", "Full care order"
    D1 = "D1", "Freeing order granted"
    E1 = "E1", "Placement order granted"
    J1 = "J1", "Remanded to local authority accommodation or to youth detention accommodation"
    J2 = "J2", "Placed in local authority accommodation under the Police and Criminal Evidence Act 1984"
    J3 = "J3", "Sentenced to a youth rehabilitation order with residence or intensive fostering requirement"
    L1 = "L1", "Under police protection and in local authority accommodation"
    L2 = "L2", "Emergency protection order"
    L3 = "L3", "Under child assessment order and in local authority accommodation"
    V2 = "V2", "Single period of accommodation under section 20 (Children Act 1989)"
    V3 = "V3", "Agreed series of short-term breaks, individual episodes of care recorded"
    V4 = "V4", "Agreed series of short-term breaks, agreements recorded (not individual episodes)"


# Children looked after only under short breaks are outside the DfE looked-after-at-31-March cohorts.
SHORT_BREAK_LEGAL_STATUSES: Final = frozenset({LegalStatus.V3, LegalStatus.V4})


class ReasonEpisodeCeased(Coded):
    """SSDA903 REC, the reason a looked-after episode ended: the codes a case's history can tell. The 903 has finer
    ones (adoption opposed or not, a special guardianship order to former foster carers or others, ...) that the
    allocation service does not hold: those leave as E8 for the statutory returns officer to refine."""

    X1 = "X1", "Episode ceases, and new episode begins on same day, for any reason"
    E2 = "E2", "Died"
    E3 = "E3", "Care taken over by another local authority in the UK"
    E7 = "E7", "Transferred to the care of adult social care services"
    E8 = "E8", "Period of being looked after ceased for any other reason"


ClosureReasonCode = Literal["RC1", "RC2", "RC3", "RC4", "RC5", "RC6", "RC7", "RC8", "RC9"]


class CaseClosureReason(Coded):
    """CIN census RC codes: why a case (episode of need) closed."""

    RC1 = "RC1", "Adopted"
    RC2 = "RC2", "Died"
    RC3 = "RC3", "Child arrangements order"
    RC4 = "RC4", "Special guardianship order"
    RC5 = "RC5", "Transferred to services of another local authority"
    RC6 = "RC6", "Transferred to adult social care services"
    RC7 = "RC7", "Services ceased for any other reason, including child no longer in need"
    RC8 = "RC8", "Case closed after assessment, no further action"
    RC9 = "RC9", "Case closed after assessment, referred to early help"


SexCode = Literal["M", "F", "U"]


class Sex(Coded):
    M = "M", "Male"
    F = "F", "Female"
    U = "U", "Unknown or not stated"


class Sex903(Coded):
    """SSDA903 header SEX up to the 2023-24 return, which has no code for unknown."""

    MALE = "1", "Male"
    FEMALE = "2", "Female"


ScalingVoiceCode = Literal["worker", "pod", "parent", "child", "other_professional"]


class ScalingVoice(Coded):
    """Whose judgement a scaling score is (Signs of Safety scaling by voice): supervision records it, KPI reports
    the spread between voices."""

    WORKER = "worker", "The allocated worker"
    POD = "pod", "The pod in group supervision"
    PARENT = "parent", "A parent or carer"
    CHILD = "child", "The child"
    OTHER_PROFESSIONAL = "other_professional", "Another professional (school, health, police)"


ScalingQuestionCode = Literal["safety", "safe_and_stable_care"]


class ScalingQuestion(Coded):
    """What a 0-10 scaling score answers."""

    SAFETY = "safety", "Signs of Safety: how safe is the child, 10 safe enough to close, 0 certain of serious harm"
    SAFE_AND_STABLE_CARE = "safe_and_stable_care", "One Story: the child has safe and stable care"


AuditGradeCode = Literal["outstanding", "good", "requires_improvement", "inadequate"]


class AuditGrade(Coded):
    """A case audit's grade, on Ofsted's four-point scale, best first."""

    OUTSTANDING = "outstanding", "Outstanding"
    GOOD = "good", "Good"
    REQUIRES_IMPROVEMENT = "requires_improvement", "Requires improvement to be good"
    INADEQUATE = "inadequate", "Inadequate"


AuditAreaCode = Literal[
    "assessment",
    "planning",
    "child_voice",
    "identity",
    "relationships",
    "management_oversight",
    "recording",
    "outcomes",
]


class AuditArea(Coded):
    """The areas of the child's journey a case audit grades (the quality assurance framework)."""

    ASSESSMENT = "assessment", "Assessment of needs and risks"
    PLANNING = "planning", "Planning and review"
    CHILD_VOICE = "child_voice", "The child's voice and lived experience"
    IDENTITY = "identity", "The child's identity needs"
    RELATIONSHIPS = "relationships", "Relationship-based practice and direct work"
    MANAGEMENT_OVERSIGHT = "management_oversight", "Management oversight and supervision"
    RECORDING = "recording", "Recording, written for the child"
    OUTCOMES = "outcomes", "Progress of the plan and outcomes for the child"


PracticeThemeCode = Literal[
    "relationship_based_practice",
    "identity_needs",
    "progress_of_plan",
    "child_voice",
    "family_network",
    "multi_agency_working",
    "risk_analysis",
    "drift_and_delay",
    "management_oversight",
    "recording",
    "continuity_of_worker",
    "direct_work",
]


class PracticeTheme(Coded):
    """Practice themes a case audit tags, reported per quarter to learning and development."""

    RELATIONSHIP_BASED_PRACTICE = "relationship_based_practice", "Relationship-based practice"
    IDENTITY_NEEDS = "identity_needs", "The child's identity needs"
    PROGRESS_OF_PLAN = "progress_of_plan", "Progress of the plan"
    CHILD_VOICE = "child_voice", "The child's voice"
    FAMILY_NETWORK = "family_network", "Family and network involvement"
    MULTI_AGENCY_WORKING = "multi_agency_working", "Working with other agencies"
    RISK_ANALYSIS = "risk_analysis", "Analysis of risk"
    DRIFT_AND_DELAY = "drift_and_delay", "Drift and delay"
    MANAGEMENT_OVERSIGHT = "management_oversight", "Management oversight"
    RECORDING = "recording", "Recording"
    CONTINUITY_OF_WORKER = "continuity_of_worker", "Continuity of worker"
    DIRECT_WORK = "direct_work", "Direct work with the child"


# Customer feedback: complaints, compliments and questionnaires. The feedback service's events carry these codes and
# the KPI service counts by them, so they are written here once.

ComplaintProcedureCode = Literal["statutory", "corporate"]


class ComplaintProcedure(Coded):
    """Which procedure a complaint follows: the statutory children's procedure (Children Act 1989 Representations
    Procedure (England) Regulations 2006) or the council's own corporate procedure."""

    STATUTORY = "statutory", "Children Act 1989 representations procedure"
    CORPORATE = "corporate", "Council's corporate complaints procedure"


ComplaintChannelCode = Literal["phone", "email", "letter", "online_form", "in_person", "other"]


class ComplaintChannel(Coded):
    PHONE = "phone", "Telephone"
    EMAIL = "email", "Email"
    LETTER = "letter", "Letter"
    ONLINE_FORM = "online_form", "Online form"
    IN_PERSON = "in_person", "In person"
    OTHER = "other", "Other"


ComplainantRelationCode = Literal["child", "parent", "carer", "advocate", "other"]


class ComplainantRelation(Coded):
    """Who complained, by their relation to the child; never who they are."""

    CHILD = "child", "The child or young person"
    PARENT = "parent", "Parent"
    CARER = "carer", "Carer (foster carer, kinship carer, special guardian)"
    ADVOCATE = "advocate", "Advocate on the child's behalf"
    OTHER = "other", "Someone else with sufficient interest"


ComplaintThemeCode = Literal[
    "communication",
    "delay",
    "quality_of_service",
    "staff_conduct",
    "decision",
    "change_of_worker",
    "contact_arrangements",
    "placement",
    "information_sharing",
    "other",
]


class ComplaintTheme(Coded):
    COMMUNICATION = "communication", "Communication, not kept informed"
    DELAY = "delay", "Delay"
    QUALITY_OF_SERVICE = "quality_of_service", "Quality of service"
    STAFF_CONDUCT = "staff_conduct", "Staff attitude or conduct"
    DECISION = "decision", "Disagreement with a decision"
    CHANGE_OF_WORKER = "change_of_worker", "Change of social worker"
    CONTACT_ARRANGEMENTS = "contact_arrangements", "Family time (contact) arrangements"
    PLACEMENT = "placement", "Placement"
    INFORMATION_SHARING = "information_sharing", "Recording or sharing of information"
    OTHER = "other", "Other"


ComplaintOutcomeCode = Literal["upheld", "partly_upheld", "not_upheld", "withdrawn"]


class ComplaintOutcome(Coded):
    UPHELD = "upheld", "Upheld"
    PARTLY_UPHELD = "partly_upheld", "Partly upheld"
    NOT_UPHELD = "not_upheld", "Not upheld"
    WITHDRAWN = "withdrawn", "Withdrawn"


ComplaintClosureCode = Literal["resolved", "procedure_completed", "withdrawn"]


class ComplaintClosure(Coded):
    RESOLVED = "resolved", "Answered, and no next stage asked for within the time allowed"
    PROCEDURE_COMPLETED = "procedure_completed", "Answered at the procedure's last stage"
    WITHDRAWN = "withdrawn", "Withdrawn by the complainant"


OmbudsmanDecisionCode = Literal[
    "upheld",
    "not_upheld",
    "closed_after_initial_enquiries",
    "referred_back_for_local_resolution",
    "advice_given",
    "incomplete_or_invalid",
]


class OmbudsmanDecision(Coded):
    """The Local Government and Social Care Ombudsman's decision categories, as it publishes them."""

    UPHELD = "upheld", "Upheld"
    NOT_UPHELD = "not_upheld", "Not upheld"
    CLOSED_AFTER_INITIAL_ENQUIRIES = "closed_after_initial_enquiries", "Closed after initial enquiries"
    REFERRED_BACK = "referred_back_for_local_resolution", "Referred back for local resolution"
    ADVICE_GIVEN = "advice_given", "Advice given"
    INCOMPLETE_OR_INVALID = "incomplete_or_invalid", "Incomplete or invalid"


ComplimentFromCode = Literal["child", "parent", "carer", "professional", "other"]


class ComplimentFrom(Coded):
    CHILD = "child", "The child or young person"
    PARENT = "parent", "Parent"
    CARER = "carer", "Carer"
    PROFESSIONAL = "professional", "Another professional (school, health, police, court)"
    OTHER = "other", "Someone else"


ComplimentThemeCode = Literal[
    "listened", "kept_in_touch", "reliable", "explained_clearly", "made_a_difference", "continuity", "other"
]


class ComplimentTheme(Coded):
    LISTENED = "listened", "Listened and understood"
    KEPT_IN_TOUCH = "kept_in_touch", "Kept in touch"
    RELIABLE = "reliable", "Reliable, did what they said"
    EXPLAINED_CLEARLY = "explained_clearly", "Explained things clearly"
    MADE_A_DIFFERENCE = "made_a_difference", "Made a difference"
    CONTINUITY = "continuity", "Stayed with us, knew our story"
    OTHER = "other", "Other"


QuestionnaireAudienceCode = Literal["children_in_care", "parents", "staff", "other"]


class QuestionnaireAudience(Coded):
    CHILDREN_IN_CARE = "children_in_care", "Children in care"
    PARENTS = "parents", "Parents"
    STAFF = "staff", "Staff"
    OTHER = "other", "Other"


ItemKindCode = Literal["scale", "yes_no", "share_of_time"]


class ItemKind(Coded):
    """How a questionnaire item is answered."""

    SCALE = "scale", "A score from 1 (strongly disagree) to 5 (strongly agree)"
    YES_NO = "yes_no", "Yes or no"
    SHARE_OF_TIME = "share_of_time", "A share of working time, in per cent"


EntryTypeCode = Literal["visit", "case_summary", "meeting", "correspondence", "note", "supervision_decision", "system"]


class EntryType(Coded):
    """What a story entry is (records). `supervision_decision` and `system` entries are written by the records
    service from other services' facts, never typed by a person."""

    VISIT = "visit", "Visit"
    CASE_SUMMARY = "case_summary", "Case summary"
    MEETING = "meeting", "Meeting"
    CORRESPONDENCE = "correspondence", "Correspondence"
    NOTE = "note", "Case note"
    SUPERVISION_DECISION = "supervision_decision", "Supervision decision"
    SYSTEM = "system", "Recorded by the system"


VisitKindCode = Literal["home", "placement", "school", "office", "virtual", "unsuccessful"]


class VisitKind(Coded):
    """Where a visit to a child took place; an unsuccessful visit (nobody in, refused entry) never counts as seeing
    the child."""

    HOME = "home", "Home visit"
    PLACEMENT = "placement", "Visit at the child's placement"
    SCHOOL = "school", "Visit at school or nursery"
    OFFICE = "office", "Seen at the office"
    VIRTUAL = "virtual", "Virtual visit (video call)"
    UNSUCCESSFUL = "unsuccessful", "Unsuccessful visit"


def _same_codes(literal: Any, coded: type[StrEnum]) -> None:
    if list(get_args(literal)) != [member.value for member in coded]:
        raise ImportError(f"the codes of {coded.__name__} and its Literal differ")


for _literal, _coded in (
    (PodRoleCode, PodRole),
    (EmploymentCode, Employment),
    (StatusKindCode, StatusKind),
    (TransferReasonCode, TransferReason),
    (CpCategoryCode, CpCategory),
    (LegalStatusCode, LegalStatus),
    (ClosureReasonCode, CaseClosureReason),
    (SexCode, Sex),
    (ScalingVoiceCode, ScalingVoice),
    (ScalingQuestionCode, ScalingQuestion),
    (AuditGradeCode, AuditGrade),
    (AuditAreaCode, AuditArea),
    (PracticeThemeCode, PracticeTheme),
    (ComplaintProcedureCode, ComplaintProcedure),
    (ComplaintChannelCode, ComplaintChannel),
    (ComplainantRelationCode, ComplainantRelation),
    (ComplaintThemeCode, ComplaintTheme),
    (ComplaintOutcomeCode, ComplaintOutcome),
    (ComplaintClosureCode, ComplaintClosure),
    (OmbudsmanDecisionCode, OmbudsmanDecision),
    (ComplimentFromCode, ComplimentFrom),
    (ComplimentThemeCode, ComplimentTheme),
    (QuestionnaireAudienceCode, QuestionnaireAudience),
    (ItemKindCode, ItemKind),
    (EntryTypeCode, EntryType),
    (VisitKindCode, VisitKind),
):
    _same_codes(_literal, _coded)
