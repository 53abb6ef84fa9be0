"""Identity rules: every document type, the CCCD digits, nationality and foreigners."""

from datetime import date

import pytest
from django.utils import translation

from lodging.identity import cccd_problems, clean_document_number, validate_identity

TODAY = date(2026, 11, 28)


@pytest.fixture(autouse=True)
def english():
    """Messages are asserted in English here; one test checks the Vietnamese ones."""
    with translation.override("en"):
        yield


def vietnamese(**overrides):
    data = {
        "full_name": "Nguyễn Văn An", "sex": "M", "date_of_birth": date(1990, 5, 17),
        "document_type": "cccd", "document_number": "010090123456", "nationality": "VNM",
        "address": "Phường Sa Pa, Lào Cai",
    }
    data.update(overrides)
    return data


def foreigner(**overrides):
    data = {
        "full_name": "DUBOIS MARIE CLAIRE", "sex": "F", "date_of_birth": date(1985, 3, 12),
        "document_type": "passport", "document_number": "15FR12345", "nationality": "FRA",
        "entry_date": date(2026, 11, 20), "port_of_entry": "Cửa khẩu Quốc tế Lào Cai",
        "visa_type": "EV", "visa_number": "E2611200001",
        "permitted_stay_until": date(2027, 2, 18),
    }
    data.update(overrides)
    return data


def test_a_valid_cccd_guest_passes_and_is_cleaned():
    check = validate_identity(vietnamese(full_name="  Nguyễn   Văn An ",
                                         document_number="0100 9012 3456"), today=TODAY)
    assert check.is_valid, check.errors
    assert check.cleaned["full_name"] == "Nguyễn Văn An"
    assert check.cleaned["document_number"] == "010090123456"
    assert not check.is_foreigner
    assert check.flags == set()


@pytest.mark.parametrize(("number", "sex", "birth"), [
    ("010090123456", "M", date(1990, 5, 17)),   # Lào Cai, 1900s male
    ("015101123456", "F", date(1901, 1, 1)),    # Yên Bái, 1900s female
    ("015301000001", "F", date(2001, 7, 2)),    # Yên Bái, 2000s female
    ("001200000001", "M", date(2000, 1, 1)),    # Hà Nội, 2000s male
    ("096099999999", "M", date(1999, 12, 31)),  # Cà Mau
])
def test_cccd_numbers_consistent_with_sex_and_birth(number, sex, birth):
    assert cccd_problems(number, sex=sex, date_of_birth=birth) == []


@pytest.mark.parametrize(("number", "sex", "birth", "fragment"), [
    ("01009012345", "M", date(1990, 1, 1), "exactly 12 digits"),
    ("0100901234567", "M", date(1990, 1, 1), "exactly 12 digits"),
    ("01009012345A", "M", date(1990, 1, 1), "exactly 12 digits"),
    ("003090123456", "M", date(1990, 1, 1), "not a province code"),  # 003 unused
    ("097090123456", "M", date(1990, 1, 1), "not a province code"),
    ("010190123456", "M", date(1990, 1, 1), "fourth digit"),   # female digit, male guest
    ("010090123456", "F", date(1990, 1, 1), "fourth digit"),
    ("010091123456", "M", date(1990, 1, 1), "birth year 1991"),
    ("010290123456", "M", date(1990, 1, 1), "birth year 2090"),  # century digit
])
def test_cccd_numbers_that_contradict_the_guest(number, sex, birth, fragment):
    problems = cccd_problems(number, sex=sex, date_of_birth=birth)
    assert any(fragment in p for p in problems), problems


def test_cmnd_is_accepted_but_flagged_expired():
    for number in ("123456789", "123456789012"):
        check = validate_identity(vietnamese(document_type="cmnd", document_number=number),
                                  today=TODAY)
        assert check.is_valid, check.errors
        assert "cmnd_expired" in check.flags
    before_expiry = validate_identity(vietnamese(document_type="cmnd",
                                                 document_number="123456789"),
                                      today=date(2024, 12, 31))
    assert before_expiry.flags == set()


@pytest.mark.parametrize("number", ["12345678", "1234567890", "12345678901", "ABCDEFGHI"])
def test_cmnd_of_wrong_length_is_rejected(number):
    check = validate_identity(vietnamese(document_type="cmnd", document_number=number),
                              today=TODAY)
    assert "9 or 12 digits" in check.errors["document_number"][0]


@pytest.mark.parametrize(("number", "ok"), [
    ("C1234567", True), ("N12345678", True), ("15fr12345", True), ("AB12345678", True),
    ("A1234", False), ("AB123456789", False), ("C123 45-67", True), ("C12345#7", False),
])
def test_passport_number_format(number, ok):
    check = validate_identity(vietnamese(document_type="passport", document_number=number),
                              today=TODAY)
    assert ("document_number" not in check.errors) is ok, check.errors


def test_border_pass_is_for_foreigners_and_other_documents_have_a_format():
    chinese = foreigner(nationality="CHN", document_type="border_pass",
                        document_number="HT1234567", full_name="WANG WEI", sex="M")
    assert validate_identity(chinese, today=TODAY).is_valid
    check = validate_identity(vietnamese(document_type="border_pass",
                                         document_number="HT1234567"), today=TODAY)
    assert "border pass is for foreign guests" in check.errors["document_type"][0]
    other = validate_identity(vietnamese(document_type="other", document_number="GKS/123"),
                              today=TODAY)
    assert other.is_valid
    bad_other = validate_identity(vietnamese(document_type="other", document_number="@@"),
                                  today=TODAY)
    assert "document_number" in bad_other.errors


def test_every_missing_field_is_reported_at_once():
    check = validate_identity({}, today=TODAY)
    assert set(check.errors) >= {"full_name", "sex", "date_of_birth", "nationality",
                                 "document_type"}


@pytest.mark.parametrize(("field", "value", "fragment"), [
    ("sex", "X", "M or F"),
    ("date_of_birth", date(2027, 1, 1), "in the future"),
    ("date_of_birth", date(1890, 1, 1), "130 years"),
    ("nationality", "VN", "three-letter"),
    ("nationality", "XYZ", "three-letter"),
    ("document_type", "licence", "must be one of"),
    ("document_number", "", "Enter the document number"),
    ("address", "", "permanent address"),
])
def test_bad_vietnamese_guest_fields(field, value, fragment):
    check = validate_identity(vietnamese(**{field: value}), today=TODAY)
    assert any(fragment in m for m in check.errors[field]), check.errors


def test_a_foreign_guest_with_every_field_passes():
    check = validate_identity(foreigner(nationality="fra"), today=TODAY)
    assert check.is_valid, check.errors
    assert check.is_foreigner
    assert check.cleaned["nationality"] == "FRA"
    assert check.cleaned["visa_type"] == "EV"


@pytest.mark.parametrize("missing", ["entry_date", "port_of_entry", "visa_type", "visa_number",
                                     "permitted_stay_until"])
def test_a_foreign_guest_needs_each_foreigner_field(missing):
    check = validate_identity(foreigner(**{missing: None}), today=TODAY)
    assert list(check.errors) == [missing]


def test_foreign_guest_dates_and_documents_are_consistent():
    assert "entry_date" in validate_identity(
        foreigner(entry_date=date(2026, 12, 1)), today=TODAY).errors
    assert "permitted_stay_until" in validate_identity(
        foreigner(permitted_stay_until=date(2026, 11, 1)), today=TODAY).errors
    assert "entry_date" in validate_identity(
        foreigner(entry_date=date(1980, 1, 1)), today=TODAY).errors
    check = validate_identity(foreigner(document_type="cccd", document_number="010090123456"),
                              today=TODAY)
    assert "passport or a border pass" in check.errors["document_type"][0]


def test_errors_speak_vietnamese_when_the_user_does():
    with translation.override("vi"):
        check = validate_identity(vietnamese(full_name=""), today=TODAY)
    assert check.errors["full_name"] == ["Nhập họ và tên của khách."]


def test_document_numbers_are_cleaned_of_separators():
    assert clean_document_number(" c 123-45.67 ") == "C1234567"
