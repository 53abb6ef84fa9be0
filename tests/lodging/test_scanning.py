"""Scanned CCCD QR codes and passport MRZ lines fill the form, or say what is wrong."""

import unicodedata
from datetime import date

import pytest
from django.utils import translation

from lodging.scanning import ScanError, parse_cccd_qr, parse_mrz

QR = "010090123456|123456789|Nguyễn Văn An|17051990|Nam|Phường Sa Pa, Lào Cai|01072021"
FRENCH_MRZ = ("P<FRADUBOIS<<MARIE<CLAIRE<<<<<<<<<<<<<<<<<<<\n"
              "15FR123459FRA8503127F3301018<<<<<<<<<<<<<<<2")
ICAO_SPECIMEN = ("P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\n"
                 "L898902C36UTO7408122F1204159ZE184226B<<<<<10")


@pytest.fixture(autouse=True)
def english():
    """Messages are asserted in English here; one test checks the Vietnamese ones."""
    with translation.override("en"):
        yield


def test_a_cccd_qr_fills_every_field():
    fields = parse_cccd_qr(QR)
    assert fields == {
        "document_type": "cccd", "document_number": "010090123456",
        "old_document_number": "123456789", "full_name": "Nguyễn Văn An",
        "date_of_birth": date(1990, 5, 17), "sex": "M",
        "address": "Phường Sa Pa, Lào Cai", "nationality": "VNM",
        "issue_date": date(2021, 7, 1),
    }


def test_a_qr_typed_with_combining_accents_and_no_old_number_still_reads():
    text = unicodedata.normalize("NFD", "015301000001||Lò Thị Mai|02072001|Nữ|Xã Y Tý|15032022")
    fields = parse_cccd_qr(text)
    assert fields["sex"] == "F"
    assert fields["full_name"] == "Lò Thị Mai"
    assert unicodedata.is_normalized("NFC", fields["full_name"])
    assert fields["old_document_number"] == ""


@pytest.mark.parametrize(("text", "fragment"), [
    ("", "empty"),
    ("010090123456|Nguyễn Văn An|17051990", "3 fields"),
    ("01009012345|123456789|A|17051990|Nam|X|01072021", "Field 1 (CCCD number)"),
    ("010090123456|12345|A|17051990|Nam|X|01072021", "Field 2"),
    ("010090123456|123456789||17051990|Nam|X|01072021", "Field 3"),
    ("010090123456|123456789|A|1990-05-17|Nam|X|01072021", "Field 4 (date of birth) must be"),
    ("010090123456|123456789|A|31021990|Nam|X|01072021", "not a real date"),
    ("010090123456|123456789|A|17051990|Khác|X|01072021", "Field 5 (sex)"),
    ("010090123456|123456789|A|17051990|Nam|X|2021", "Field 7"),
])
def test_a_malformed_qr_says_exactly_what_is_wrong(text, fragment):
    with pytest.raises(ScanError) as raised:
        parse_cccd_qr(text)
    assert any(fragment in e for e in raised.value.errors), raised.value.errors


def test_a_passport_mrz_fills_the_identity_fields():
    fields = parse_mrz(FRENCH_MRZ)
    assert fields == {
        "document_type": "passport", "document_number": "15FR12345", "nationality": "FRA",
        "issuing_country": "FRA", "full_name": "DUBOIS MARIE CLAIRE",
        "date_of_birth": date(1985, 3, 12), "sex": "F", "expiry_date": date(2033, 1, 1),
    }


def test_the_icao_specimen_passes_every_check_digit():
    fields = parse_mrz(ICAO_SPECIMEN)
    assert fields["document_number"] == "L898902C3"
    assert fields["full_name"] == "ERIKSSON ANNA MARIA"
    assert fields["date_of_birth"] == date(1974, 8, 12)


def test_mrz_pasted_with_spaces_and_lower_case_is_accepted():
    messy = "  " + FRENCH_MRZ.lower().replace("\n", " \r\n  ") + "\n"
    assert parse_mrz(messy)["document_number"] == "15FR12345"


@pytest.mark.parametrize(("text", "fragment"), [
    ("P<FRADUBOIS", "2 lines"),
    ("P<FRADUBOIS<<MARIE\n15FR123459FRA8503127F3301018<<<<<<<<<<<<<<<2", "Line 1 has 18"),
    (FRENCH_MRZ.replace("15FR123459", "15FR123458"), "check digit of the passport number"),
    (FRENCH_MRZ.replace("8503127", "8503137"), "check digit of the date of birth"),
    (FRENCH_MRZ.replace("3301018", "3301019"), "check digit of the expiry date"),
    (FRENCH_MRZ[:-1] + "3", "final digit"),
    (FRENCH_MRZ.replace("P<FRA", "V<FRA"), "start with “P”"),
    (FRENCH_MRZ.replace("7F330", "7X330"), "M or F"),
    (FRENCH_MRZ.replace("DUBOIS", "DUB@IS"), "only contain"),
])
def test_a_bad_mrz_names_the_failing_part(text, fragment):
    with pytest.raises(ScanError) as raised:
        parse_mrz(text)
    assert any(fragment in e for e in raised.value.errors), raised.value.errors
