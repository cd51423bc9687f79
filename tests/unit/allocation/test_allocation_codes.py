from services.allocation.rules.ssda903 import SEX_903, sex_903
from shared.vocabulary import (
    SHORT_BREAK_LEGAL_STATUSES,
    CaseClosureReason,
    CpCategory,
    LegalStatus,
    PodRole,
    Sex,
    Sex903,
    StatusKind,
    TransferReason,
)


def test_a_code_is_its_string_and_carries_a_label() -> None:
    assert PodRole("pod_manager") is PodRole.POD_MANAGER
    code: str = PodRole.POD_MANAGER
    assert code == "pod_manager"
    assert PodRole.POD_MANAGER.label == "Pod manager"
    assert f"{StatusKind.CLA}" == "CLA"


def test_transfer_reasons_are_the_ten_ssda903_codes_with_dfe_labels() -> None:
    assert [reason.value for reason in TransferReason] == [
        "MANAGE", "FCONTA", "LEFTRL", "ORGRST", "TSPROC", "ABSENC", "CHCHAN", "PCCHAN", "SWDIED", "OTHERS",
    ]  # fmt: skip
    assert TransferReason.LEFTRL.label == "Previous worker left role"
    assert TransferReason.ABSENC.label == "Absence cover or return from absence"


def test_every_code_has_a_label() -> None:
    for vocabulary in (PodRole, StatusKind, TransferReason, CpCategory, LegalStatus, CaseClosureReason, Sex):
        for code in vocabulary:
            assert code.label, f"{vocabulary.__name__}.{code.name} has no label"


def test_legal_statuses_include_the_short_break_codes() -> None:
    assert {status.value for status in SHORT_BREAK_LEGAL_STATUSES} == {"V3", "V4"}
    assert len(LegalStatus) == 13


def test_closure_reasons_run_rc1_to_rc9() -> None:
    assert [reason.value for reason in CaseClosureReason] == [f"RC{n}" for n in range(1, 10)]


def test_sex_maps_to_1_and_2_for_the_903_before_2024_25_and_unknown_has_no_code() -> None:
    assert SEX_903[Sex.M] is Sex903.MALE
    code: str = Sex903.MALE
    assert code == "1"
    assert SEX_903[Sex.F] == "2"
    assert Sex.U not in SEX_903
    assert [sex_903(sex, 2024) for sex in Sex] == ["1", "2", ""]


def test_sex_is_sent_as_m_f_u_from_the_2024_25_return() -> None:
    assert [sex_903(sex, 2025) for sex in Sex] == ["M", "F", "U"]
