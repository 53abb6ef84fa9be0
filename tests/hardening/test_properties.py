"""Property tests (hypothesis): identity rules, the QR and MRZ parsers, the deadline rules
and the search text folding hold for every input, not only for the examples we thought of.

The profile (tests/hardening/conftest.py) bounds each test to 200 examples, without a time
deadline and derandomised, so CI runs the same examples every time.
"""

import unicodedata
from datetime import UTC, date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import pycountry
import pytest
from django.utils import translation
from hypothesis import assume, example, given
from hypothesis import strategies as st

from cms.text import compact, fold, normalize
from lodging.cccd_provinces import CCCD_PROVINCE_CODES
from lodging.deadlines import notification_deadline
from lodging.identity import (
    DocumentType,
    cccd_problems,
    clean_document_number,
    validate_identity,
)
from lodging.scanning import ICAO_TO_ISO, ScanError, parse_cccd_qr, parse_mrz
from tests.hardening.conftest import count_example

pytestmark = pytest.mark.property

VIETNAM_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
TODAY = date(2026, 11, 28)
UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
VIETNAMESE_LETTERS = ("aăâbcdđeêghiklmnoôơpqrstuưvxyáàảãạắằẳẵặấầẩẫậéèẻẽẹếềểễệíìỉĩị"
                      "óòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ")


# -- CCCD --------------------------------------------------------------------------------
def cccd_number(province: str, sex: str, birth: date, serial: int) -> str:
    """The 12 digits the rules describe: province, century+sex, birth year, serial."""
    century_digit = (birth.year // 100 - 19) * 2 + (1 if sex == "F" else 0)
    return f"{province}{century_digit}{birth.year % 100:02d}{serial:06d}"


births = st.dates(min_value=date(1900, 1, 1), max_value=TODAY)
provinces = st.sampled_from(sorted(CCCD_PROVINCE_CODES))
sexes = st.sampled_from(["M", "F"])
serials = st.integers(min_value=0, max_value=999_999)


@given(provinces, sexes, births, serials)
def test_a_generated_cccd_validates_against_its_own_sex_and_birth(province, sex, birth,
                                                                 serial):
    count_example("cccd-valid")
    number = cccd_number(province, sex, birth, serial)
    assert cccd_problems(number, sex=sex, date_of_birth=birth) == []
    check = validate_identity({
        "full_name": "Nguyễn Văn An", "sex": sex, "date_of_birth": birth,
        "document_type": "cccd", "document_number": number, "nationality": "VNM",
        "address": "Phường Cam Đường"}, today=TODAY)
    assert check.is_valid, check.errors


@given(provinces, sexes, births, serials)
def test_a_cccd_fails_against_the_other_sex(province, sex, birth, serial):
    count_example("cccd-other-sex")
    number = cccd_number(province, sex, birth, serial)
    other = "F" if sex == "M" else "M"
    assert len(cccd_problems(number, sex=other, date_of_birth=birth)) == 1


@given(provinces, sexes, births, serials, st.sampled_from([-100, 100, 200]))
def test_a_cccd_fails_against_a_birth_in_another_century(province, sex, birth, serial, shift):
    count_example("cccd-other-century")
    number = cccd_number(province, sex, birth, serial)
    assume(1 <= birth.year + shift <= 9999)
    moved = birth.replace(year=birth.year + shift, day=min(birth.day, 28))
    problems = cccd_problems(number, sex=sex, date_of_birth=moved)
    assert len(problems) == 1 and str(moved.year) in problems[0]


@given(st.text(max_size=20))
@example("01009012345")  # 11 digits
@example("０１００９０１２３４５６")  # full-width digits are not the card's digits
def test_cccd_rules_never_raise_and_refuse_anything_but_12_ascii_digits(text):
    count_example("cccd-arbitrary")
    problems = cccd_problems(text)
    if not (len(text) == 12 and all(c in "0123456789" for c in text)):
        assert problems


@given(st.one_of(st.from_regex(r"\A\d{9}\Z"), st.from_regex(r"\A\d{12}\Z")), sexes, births)
def test_an_old_cmnd_is_accepted_and_flagged_as_expired(number, sex, birth):
    count_example("cmnd")
    check = validate_identity({
        "full_name": "Lò Thị Hoa", "sex": sex, "date_of_birth": birth,
        "document_type": "cmnd", "document_number": number, "nationality": "VNM",
        "address": "Xã Y Tý"}, today=TODAY)
    assert check.is_valid, check.errors
    assert "cmnd_expired" in check.flags


@given(st.text(alphabet=UPPER + "0123456789", min_size=1, max_size=14))
def test_passport_numbers_are_6_to_10_letters_and_digits(number):
    count_example("passport-number")
    check = validate_identity({
        "full_name": "DUBOIS MARIE", "sex": "F", "date_of_birth": date(1985, 3, 12),
        "document_type": "passport", "document_number": number.lower(),
        "nationality": "FRA", "entry_date": TODAY, "port_of_entry": "Lào Cai",
        "visa_type": "EV", "visa_number": "E1", "permitted_stay_until": TODAY}, today=TODAY)
    assert ("document_number" in check.errors) == (not 6 <= len(number) <= 10)


@given(st.text(max_size=30))
def test_document_numbers_clean_idempotently(text):
    count_example("clean-document-number")
    once = clean_document_number(text)
    assert clean_document_number(once) == once
    assert not any(c.isspace() or c in ".-" for c in once)


# -- CCCD QR -----------------------------------------------------------------------------
vietnamese_words = st.lists(st.text(alphabet=VIETNAMESE_LETTERS, min_size=1, max_size=8),
                            min_size=1, max_size=5)


@given(provinces, sexes, births, serials, vietnamese_words, vietnamese_words,
       st.dates(min_value=date(2016, 1, 1), max_value=TODAY), st.booleans())
def test_a_cccd_qr_round_trips(province, sex, birth, serial, name_words, address_words,
                               issued, with_old_number):
    count_example("qr-round-trip")
    number = cccd_number(province, sex, birth, serial)
    old = f"{serial:06d}123" if with_old_number else ""
    name = " ".join(word.capitalize() for word in name_words)
    address = " ".join(address_words)
    text = "|".join([number, old, unicodedata.normalize("NFD", name),
                     birth.strftime("%d%m%Y"), "Nam" if sex == "M" else "Nữ", address,
                     issued.strftime("%d%m%Y")])
    fields = parse_cccd_qr(text)
    assert fields["document_number"] == number and fields["old_document_number"] == old
    assert fields["full_name"] == normalize(name)  # NFC whatever the scanner typed
    assert fields["date_of_birth"] == birth and fields["issue_date"] == issued
    assert fields["sex"] == sex and fields["address"] == normalize(address)


@given(st.text(max_size=200))
@example("")
@example("|||||||")
@example("012345678901||A|31022000|Nam||01012020")  # 31 February
def test_the_qr_parser_raises_only_scan_errors(text):
    count_example("qr-arbitrary")
    try:
        parse_cccd_qr(text)
    except ScanError as error:
        assert error.errors


# -- passport MRZ (ICAO 9303 TD3) --------------------------------------------------------
def icao_check_digit(data: str) -> str:
    """ICAO 9303 check digit (weights 7, 3, 1), written independently of the parser."""
    def value(char):
        if char.isdigit():
            return int(char)
        if char == "<":
            return 0
        return ord(char) - ord("A") + 10
    return str(sum(value(c) * (7, 3, 1)[i % 3] for i, c in enumerate(data)) % 10)


ISO_CODES = sorted(c.alpha_3 for c in pycountry.countries if c.alpha_3 not in ICAO_TO_ISO)
mrz_words = st.lists(st.text(alphabet=UPPER, min_size=1, max_size=8), min_size=1,
                     max_size=3)


def build_mrz(document_number, nationality, birth, sex, expiry, surname, given_names,
              personal_number):
    name = "<".join(surname) + "<<" + "<".join(given_names)
    line1 = f"P<{nationality}{name}".ljust(44, "<")[:44]
    number = document_number.ljust(9, "<")
    dob, exp = birth.strftime("%y%m%d"), expiry.strftime("%y%m%d")
    personal = personal_number.ljust(14, "<")
    personal_check = icao_check_digit(personal) if personal_number else "<"
    line2 = (number + icao_check_digit(number) + nationality + dob + icao_check_digit(dob)
             + sex + exp + icao_check_digit(exp) + personal + personal_check)
    composite = line2[0:10] + line2[13:20] + line2[21:43]
    return line1, line2 + icao_check_digit(composite)


passports = st.tuples(
    st.text(alphabet=UPPER + "0123456789", min_size=6, max_size=9),
    st.sampled_from(ISO_CODES),
    st.dates(min_value=date(TODAY.year - 99, 1, 1), max_value=TODAY),
    sexes,
    st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31)),
    mrz_words, mrz_words,
    st.text(alphabet=UPPER + "0123456789", max_size=14),
)


@given(passports)
def test_a_valid_mrz_round_trips(passport):
    count_example("mrz-round-trip")
    number, nationality, birth, sex, expiry, surname, given_names, personal = passport
    assume(len("<".join(surname) + "<<" + "<".join(given_names)) <= 39)
    line1, line2 = build_mrz(*passport)
    fields = parse_mrz(f"{line1}\n{line2}")
    assert fields["document_type"] == DocumentType.PASSPORT
    assert fields["document_number"] == number
    assert fields["nationality"] == nationality == fields["issuing_country"]
    assert fields["date_of_birth"] == birth and fields["expiry_date"] == expiry
    assert fields["sex"] == sex
    assert fields["full_name"] == " ".join(surname + given_names)


@given(passports, st.sampled_from([9, 19, 27, 42, 43]), st.integers(1, 9))
def test_flipping_any_check_digit_is_detected(passport, position, delta):
    count_example("mrz-check-digit")
    *_, personal = passport
    assume(position != 42 or personal)  # an empty personal number has no check digit
    line1, line2 = build_mrz(*passport)
    flipped = str((int(line2[position]) + delta) % 10)
    line2 = line2[:position] + flipped + line2[position + 1:]
    with translation.override("en"), pytest.raises(ScanError, match="check digit"):
        parse_mrz(f"{line1}\n{line2}")


mrz_like = st.lists(st.text(alphabet=UPPER + "0123456789<", min_size=40, max_size=46),
                    min_size=2, max_size=2).map("\n".join)


@given(st.one_of(st.text(max_size=120), mrz_like))
@example("P<VNM\n" + "<" * 44)
@example("P" * 44 + "\n" + "0" * 44)
def test_the_mrz_parser_raises_only_scan_errors(text):
    count_example("mrz-arbitrary")
    try:
        parse_mrz(text)
    except ScanError as error:
        assert error.errors


# -- deadlines ---------------------------------------------------------------------------
offsets = st.integers(min_value=-12 * 60, max_value=14 * 60).map(
    lambda minutes: timezone(timedelta(minutes=minutes)))
arrivals = st.builds(
    lambda moment, tz: moment.replace(tzinfo=UTC).astimezone(tz),
    st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2090, 1, 1)), offsets)


@given(arrivals, st.booleans(), st.booleans())
@example(datetime(2026, 11, 28, 23, 0, tzinfo=VIETNAM_TZ), False, False)
@example(datetime(2026, 11, 28, 22, 59, 59, 999999, tzinfo=VIETNAM_TZ), False, False)
def test_a_deadline_is_never_before_arrival(arrival, is_foreigner, remote):
    count_example("deadline-after-arrival")
    deadline = notification_deadline(arrival=arrival, is_foreigner=is_foreigner,
                                     remote=remote)
    assert deadline >= arrival


@given(arrivals, st.booleans())
def test_vietnamese_guests_by_23_00_or_by_08_00_next_morning(arrival, remote):
    count_example("deadline-vietnamese")
    local = arrival.astimezone(VIETNAM_TZ)
    deadline = notification_deadline(arrival=arrival, is_foreigner=False,
                                     remote=remote).astimezone(VIETNAM_TZ)
    if local.time() < time(23, 0):
        assert (deadline.date(), deadline.time()) == (local.date(), time(23, 0))
    else:
        assert (deadline.date(), deadline.time()) == (local.date() + timedelta(days=1),
                                                      time(8, 0))
    assert deadline - arrival <= timedelta(hours=23)


@given(arrivals, st.booleans())
def test_foreigners_have_12_hours_or_24_in_remote_areas(arrival, remote):
    count_example("deadline-foreigner")
    deadline = notification_deadline(arrival=arrival, is_foreigner=True, remote=remote)
    assert deadline - arrival == timedelta(hours=24 if remote else 12)


@given(st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2090, 1, 1)))
def test_vietnam_time_has_no_daylight_saving(moment):
    count_example("deadline-no-dst")
    assert moment.replace(tzinfo=VIETNAM_TZ).utcoffset() == timedelta(hours=7)
    with pytest.raises(ValueError):
        notification_deadline(arrival=moment, is_foreigner=False, remote=False)


# -- search folding ----------------------------------------------------------------------
vietnamese_text = st.text(alphabet=VIETNAMESE_LETTERS + VIETNAMESE_LETTERS.upper() + " -.,",
                          max_size=40)


@given(st.one_of(st.text(max_size=60), vietnamese_text))
@example("İstanbul ŉ ǰ ΐ ß")
@example("ÐÀ LẠT")  # Ð (U+00D0) looks like Đ and casefolds to ð: fold was not idempotent
def test_fold_is_idempotent_and_never_raises(text):
    count_example("fold-idempotent")
    folded = fold(text)
    assert fold(folded) == folded
    assert compact(text) == folded.replace(" ", "")
    assert " " not in compact(text)
    assert normalize(normalize(text)) == normalize(text)


@given(st.one_of(st.text(max_size=60), vietnamese_text))
def test_fold_does_not_care_how_accents_were_typed(text):
    count_example("fold-nfc-nfd")
    nfc, nfd = unicodedata.normalize("NFC", text), unicodedata.normalize("NFD", text)
    assert fold(nfc) == fold(nfd)
    assert compact(nfc) == compact(nfd)


@given(vietnamese_text)
def test_folded_vietnamese_is_plain_ascii(text):
    count_example("fold-ascii")
    assert fold(text).isascii()
