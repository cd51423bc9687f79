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
    """What a caller may do, from their token: pod staff, managers, the service, analysts, auditors, systems."""

    social_worker = "social_worker"
    senior_social_worker = "senior_social_worker"
    social_worker_in_training = "social_worker_in_training"
    business_support = "business_support"
    pod_manager = "pod_manager"
    head_of_service = "head_of_service"
    performance_analyst = "performance_analyst"
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
    (EntryTypeCode, EntryType),
    (VisitKindCode, VisitKind),
):
    _same_codes(_literal, _coded)
