"""The stay spreadsheet as a receptionist fills it in: the template (Vietnamese headers,
lists to pick from, instructions and examples), Vietnamese words and dates in the cells,
every problem of a sheet shown after one upload, and the preview of the guests it will
register. The contract's English columns keep working, in the upload and in
`manage.py import`."""

import io
from datetime import timedelta

import openpyxl
import pytest
from django.core.management import call_command
from django.utils import timezone

from lodging import services, stay_sheet
from lodging.models import Stay
from tests.auth import sign_in
from tests.lodging.conftest import vietnamese_guest

pytestmark = pytest.mark.django_db
VI_HEADERS = ["Họ và tên", "Giới tính", "Ngày sinh", "Loại giấy tờ", "Số giấy tờ",
              "Quốc tịch", "Địa chỉ thường trú", "Lý do lưu trú", "Phòng", "Giờ đến",
              "Dự kiến đi"]
FOREIGN_HEADERS = ["Ngày nhập cảnh", "Cửa khẩu nhập cảnh", "Loại thị thực", "Số thị thực",
                   "Tạm trú đến ngày"]


@pytest.fixture
def staff_client(client, receptionist):
    return sign_in(client, receptionist)


def when(delta: timedelta) -> str:
    """A moment as a Vietnamese office types it: 28/11/2026 21:30."""
    return (timezone.localtime() + delta).strftime("%d/%m/%Y %H:%M")


def guest_row(name="Nguyễn Văn An", sex="Nam", born="17/05/1990", number="010090123456",
              **overrides) -> dict:
    row = {"Họ và tên": name, "Giới tính": sex, "Ngày sinh": born, "Loại giấy tờ": "CCCD",
           "Số giấy tờ": number, "Quốc tịch": "Việt Nam",
           "Địa chỉ thường trú": "Phường Cam Đường, Lào Cai", "Lý do lưu trú": "du lịch",
           "Phòng": "101", "Giờ đến": when(-timedelta(hours=1)),
           "Dự kiến đi": when(timedelta(days=2))}
    return {**row, **overrides}


def xlsx(headers, rows, *, book=None) -> io.BytesIO:
    """A workbook whose first sheet holds `rows` under `headers` (or, given `book`, that
    workbook's first sheet filled in below its own headers)."""
    if book is None:
        book = openpyxl.Workbook()
        book.active.append(headers)
    sheet = book.worksheets[0]
    for row in rows:
        sheet.append([row.get(header, "") for header in headers])
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    buffer.name = "khach.xlsx"
    return buffer


def upload(client, file, language="vi"):
    prefix = "" if language == "vi" else f"/{language}"
    return client.post(f"{prefix}/stays/upload/", {"file": file})


# -- one upload, every problem -------------------------------------------------------------
def test_a_sheet_with_five_different_mistakes_shows_all_five_after_one_upload(staff_client):
    rows = [
        guest_row(),  # row 2: right
        guest_row("Trần Thị Bình", "Nữ", "02/02/1990", "010090123457"),  # 4th digit: male
        guest_row("Lò Văn Cường", "Nam", "03/03/1991", "010091000003",
                  **{"Giờ đến": when(timedelta(days=1))}),  # arrives tomorrow
        guest_row("Giàng Thị Dung", "Nữ", "31/02/1992", "010192000004"),  # no such day
        guest_row("Hoàng Văn Em", "Nam", "05/05/1993", "010093000005",
                  **{"Quốc tịch": "Atlantis"}),  # no such country
        guest_row(),  # row 7: the same card as row 2, the same nights
    ]
    response = upload(staff_client, xlsx(VI_HEADERS, rows))

    assert Stay.objects.count() == 0
    found = {number: messages for number, _name, messages in response.context["errors"]}
    assert sorted(found) == [3, 4, 5, 6, 7]
    assert all(len(messages) == 1 for messages in found.values()), found
    assert found[3][0].startswith("Cột “Số giấy tờ”: Chữ số thứ tư (0)")
    assert found[4][0].startswith("Cột “Giờ đến”: Giờ đến ở tương lai")
    assert found[5][0] == ("Cột “Ngày sinh”: “31/02/1992” không phải ngày (viết theo dạng "
                           "DD/MM/YYYY).")
    assert found[6][0].startswith("Cột “Quốc tịch”: “Atlantis” không phải tên một nước")
    assert found[7][0] == ("Cột “Số giấy tờ”: Cùng giấy tờ này đã có ở dòng 2 với thời gian "
                           "trùng nhau.")
    page = response.content.decode()
    assert "Có 5 lỗi cần sửa" in page and 'id="error-summary"' in page
    assert "Giàng Thị Dung" in page  # each row is named by its guest too
    assert "Import and notify" not in page and 'name="confirm"' not in page


def test_unreadable_cells_do_not_hide_the_rules_of_the_other_rows(staff_client, receptionist,
                                                                  homestay):
    """Reading, identity, dates and open stays used to come in rounds: one upload per
    kind of problem. A stay already open here is found beside a bad time."""
    services.register_stays(user=receptionist, establishment=homestay,
                            guests=[vietnamese_guest()])
    rows = [guest_row(),  # already staying here
            guest_row("Lò Thị Mai", "nữ", "02/07/2001", "010301000001",
                      **{"Giờ đến": "tối qua"}),
            guest_row("Vàng A Páo", "M", "1/1/1980", "010080000009", **{"Giới tính": "X"})]
    response = upload(staff_client, xlsx(VI_HEADERS, rows))
    found = {number: messages for number, _name, messages in response.context["errors"]}
    assert found[2] == ["Cột “Số giấy tờ”: Khách này đang lưu trú tại đây (phòng 101) trong "
                        "thời gian này; hãy trả phòng hoặc sửa lượt đó."]
    assert found[3] == ["Cột “Giờ đến”: “tối qua” không phải ngày giờ (viết theo dạng "
                        "DD/MM/YYYY HH:MM)."]
    assert found[4] == ["Cột “Giới tính”: “X” không phải giới tính: ghi Nam hoặc Nữ "
                        "(hoặc M, F)."]
    assert Stay.objects.count() == 1


def test_a_rule_broken_twice_in_a_row_is_told_twice_and_in_the_columns_order(staff_client):
    row = guest_row("Trần Thị Bình", "Nữ", "02/02/1985", "999090123457",
                    **{"Phòng": "", "Địa chỉ thường trú": ""})
    response = upload(staff_client, xlsx(VI_HEADERS, [row]))
    [(number, name, messages)] = response.context["errors"]
    assert (number, name) == (2, "Trần Thị Bình")
    columns = [message.split("”")[0].removeprefix("Cột “") for message in messages]
    # The card's province, sex digit and birth year: three problems of one cell.
    assert columns == ["Số giấy tờ"] * 3 + ["Địa chỉ thường trú", "Phòng"], messages


# -- the template --------------------------------------------------------------------------
def _template(client, language="vi") -> openpyxl.Workbook:
    prefix = "" if language == "vi" else f"/{language}"
    response = client.get(f"{prefix}/stays/upload/template.xlsx")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    return openpyxl.load_workbook(io.BytesIO(response.content))


def _validations(sheet) -> dict[str, object]:
    """Column letter → the data validation that covers the column's cells."""
    return {openpyxl.utils.get_column_letter(cell_range.min_col): validation
            for validation in sheet.data_validations.dataValidation
            for cell_range in validation.sqref.ranges}


def test_the_template_speaks_vietnamese_lists_the_codes_and_explains_every_column(
        staff_client):
    book = _template(staff_client)
    assert book.sheetnames == ["Lưu trú", "Hướng dẫn", "Danh mục"]
    fill_in, instructions, lists = book.worksheets
    assert (fill_in.sheet_state, instructions.sheet_state, lists.sheet_state) == (
        "visible", "visible", "hidden")
    headers = [cell.value for cell in fill_in[1]]
    assert headers[:12] == ["Mã cơ sở", *VI_HEADERS]
    assert headers[12:17] == FOREIGN_HEADERS
    assert fill_in.max_row == 1  # nothing to import but what the receptionist types

    validations = _validations(fill_in)
    letter = {header: openpyxl.utils.get_column_letter(i + 1)
              for i, header in enumerate(headers)}
    for header in ("Mã cơ sở", "Giới tính", "Loại giấy tờ", "Quốc tịch", "Lý do lưu trú",
                   "Xác nhận tạm trú ngắn"):
        assert validations[letter[header]].type == "list", header
    assert validations[letter["Giới tính"]].formula1 == '"Nam,Nữ"'
    assert "Căn cước" in validations[letter["Loại giấy tờ"]].formula1
    assert validations[letter["Mã cơ sở"]].formula1 == '"SAPA-0001"'
    nationality = validations[letter["Quốc tịch"]].formula1
    assert nationality.startswith("'Danh mục'!$A$1")
    assert lists["A1"].value == "Việt Nam (VNM)"  # most guests first
    assert "Pháp (FRA)" in [cell.value for cell in lists["A"]]
    reasons = [cell.value for cell in lists["B"] if cell.value]
    assert validations[letter["Lý do lưu trú"]].formula1.endswith(f"$B${len(reasons)}")
    assert reasons[0] == "1 - Du lịch" and len(reasons) == 20
    # Every column says what it takes when its cell is selected.
    assert validations[letter["Ngày sinh"]].prompt == "Ngày/tháng/năm DD/MM/YYYY, ví dụ 17/05/1990."

    text = "\n".join(str(value) for row in instructions.iter_rows(values_only=True)
                     for value in row if value)
    assert "Nam hoặc Nữ (cũng nhận M hoặc F)." in text  # Vietnamese
    assert "Nam or Nữ (M or F also accepted)." in text  # and English
    assert "full_name" in text and "Full name" in text  # the other headers accepted
    assert "Nguyễn Văn Mẫu" in text and "MARTIN CLAIRE SAMPLE" in text  # the examples


def test_the_english_page_gives_english_headers(staff_client):
    book = _template(staff_client, "en")
    assert book.sheetnames == ["Stays", "Instructions", "Lists"]
    headers = [cell.value for cell in book.worksheets[0][1]]
    assert headers[:3] == ["Establishment code", "Full name", "Sex"]
    assert _validations(book.worksheets[0])["C"].formula1 == '"M,F"'
    csv = staff_client.get("/en/stays/upload/template.csv").content.decode("utf-8-sig")
    assert csv.splitlines()[0].startswith("Establishment code,Full name,Sex,Date of birth")


def test_the_template_filled_in_with_vietnamese_words_is_previewed_then_registered(
        staff_client):
    book = _template(staff_client)
    headers = [cell.value for cell in book.worksheets[0][1]]
    today = timezone.localdate()
    rows = [
        {**guest_row("Lò Thị Mai", "nữ", "02/07/2001", "010301000001"),
         "Loại giấy tờ": "căn cuoc", "Quốc tịch": "viet nam", "Phòng": "12"},
        {"Họ và tên": "DUBOIS MARIE CLAIRE", "Giới tính": "F", "Ngày sinh": "12/03/1985",
         "Loại giấy tờ": "Hộ chiếu", "Số giấy tờ": "15FR12345", "Quốc tịch": "Pháp (FRA)",
         "Lý do lưu trú": "1 - Du lịch", "Phòng": "14",
         "Giờ đến": when(-timedelta(minutes=40)), "Dự kiến đi": when(timedelta(days=3)),
         "Ngày nhập cảnh": (today - timedelta(days=3)).strftime("%d/%m/%Y"),
         "Cửa khẩu nhập cảnh": "Cửa khẩu Quốc tế Lào Cai", "Loại thị thực": "EV",
         "Số thị thực": "E2611200001",
         "Tạm trú đến ngày": (today + timedelta(days=80)).strftime("%d/%m/%Y")},
    ]
    preview = upload(staff_client, xlsx(headers, rows, book=book))
    assert preview.context["errors"] == [], preview.context["errors"]
    listed = preview.context["stays"]
    assert [(number, stay.full_name) for number, stay in listed] == [
        (2, "Lò Thị Mai"), (3, "DUBOIS MARIE CLAIRE")]
    page = preview.content.decode()
    for shown in ("Lò Thị Mai", "Căn cước", "010301000001", "DUBOIS MARIE CLAIRE",
                  "Hộ chiếu", "15FR12345", "Pháp", "Đăng ký 2 khách và thông báo"):
        assert shown in page, shown
    assert "Nguyễn Văn Mẫu" not in page  # the instructions' examples are never read
    assert Stay.objects.count() == 0  # a preview saves nothing

    done = staff_client.post("/stays/upload/", {"confirm": preview.context["digest"],
                                                "ext": "xlsx"})
    assert done.status_code == 302 and "/stays/receipts/LC-" in done["Location"]
    mai = Stay.objects.get(full_name="Lò Thị Mai")
    assert (mai.sex, mai.document_type, mai.nationality, mai.room) == ("F", "cccd", "VNM",
                                                                       "12")
    assert "can_cuoc" in mai.flags and mai.reason_code == "1"
    arrival = timezone.localtime(mai.arrival)
    assert arrival.strftime("%d/%m/%Y %H:%M") == rows[0]["Giờ đến"]
    marie = Stay.objects.get(full_name="DUBOIS MARIE CLAIRE")
    assert (marie.sex, marie.document_type, marie.nationality) == ("F", "passport", "FRA")
    assert marie.permitted_stay_until == today + timedelta(days=80)


def test_the_csv_template_filled_in_is_read_too(staff_client):
    template = staff_client.get("/stays/upload/template.csv").content
    headers = template.decode("utf-8-sig").strip().split(",")
    row = {**guest_row(), "Mã cơ sở": "SAPA-0001"}
    line = ",".join(f'"{row.get(header, "")}"' for header in headers)
    upload_file = io.BytesIO(template + line.encode("utf-8") + b"\r\n")
    upload_file.name = "khach.csv"
    preview = upload(staff_client, upload_file)
    assert preview.context["errors"] == [] and len(preview.context["stays"]) == 1


def test_an_example_row_copied_into_the_sheet_is_refused_not_registered(staff_client):
    [example, _foreign] = stay_sheet.examples("vi", today=timezone.localdate())
    headers = [column.vi for column in stay_sheet.COLUMNS]
    row = {column.vi: example.get(column.name, "") for column in stay_sheet.COLUMNS}
    response = upload(staff_client, xlsx(headers, [row, {**guest_row(), "Mã cơ sở": ""}]))
    [(number, name, messages)] = response.context["errors"]
    assert (number, name) == (2, "Nguyễn Văn Mẫu")
    assert messages == ["Đây là dòng mẫu của tệp mẫu: hãy xóa dòng này và nhập khách của bạn."]
    assert Stay.objects.count() == 0


# -- headers and values --------------------------------------------------------------------
def test_headers_are_compared_without_case_diacritics_or_spaces(staff_client):
    headers = ["HO VA TEN", "giới tính", "NgaySinh", "Loai giay to", "So giay to",
               "quoc tich", "Địa chỉ", "Lý do", "phong", "Giờ đến", "Dự kiến đi"]
    row = dict(zip(headers, guest_row().values(), strict=True))
    preview = upload(staff_client, xlsx(headers, [row]))
    assert preview.context["errors"] == []
    assert [stay.full_name for _n, stay in preview.context["stays"]] == ["Nguyễn Văn An"]


def test_a_header_row_that_is_not_a_stay_sheet_is_named_in_the_sheets_language(
        staff_client):
    response = upload(staff_client, xlsx(["Họ và tên", "Phòng", "Ghi chú"],
                                         [{"Họ và tên": "A", "Phòng": "1"}]))
    [message] = response.context["base_errors"]
    assert "thiếu các cột: Số giấy tờ, Giờ đến, Dự kiến đi" in message
    assert "các cột không xác định: ghi chú" in message
    assert "full_name" not in message


def test_english_headers_and_english_page_speak_english(staff_client):
    headers = ["full_name", "sex", "date_of_birth", "document_type", "document_number",
               "nationality", "address", "room", "arrival", "expected_departure"]
    now = timezone.localtime()
    row = {"full_name": "Nguyễn Văn An", "sex": "x", "date_of_birth": "1990-05-17",
           "document_type": "cccd", "document_number": "010090123456",
           "nationality": "VNM", "address": "Sa Pa", "room": "1",
           "arrival": (now - timedelta(hours=1)).strftime("%Y-%m-%d %H:%M"),
           "expected_departure": (now + timedelta(days=1)).strftime("%Y-%m-%d %H:%M")}
    response = upload(staff_client, xlsx(headers, [row]), language="en")
    [(_number, _name, messages)] = response.context["errors"]
    assert messages == ["Column “sex”: “x” is not a sex: write Nam or Nữ (or M, F)."]


@pytest.mark.parametrize(("written", "sex"), [
    ("Nam", "M"), ("nam", "M"), ("M", "M"), ("male", "M"),
    ("Nữ", "F"), ("nu", "F"), ("NỮ", "F"), ("f", "F"), ("Female", "F")])
def test_sex_is_taken_in_vietnamese_or_as_a_code(written, sex):
    assert stay_sheet.parse_sex(written) == sex


@pytest.mark.parametrize(("written", "document_type", "card_name"), [
    ("CCCD", "cccd", None), ("Căn cước", "cccd", "can_cuoc"),
    ("can cuoc", "cccd", "can_cuoc"), ("Hộ chiếu", "passport", None),
    ("passport", "passport", None), ("CMND", "cmnd", None),
    ("Giấy thông hành", "border_pass", None), ("border_pass", "border_pass", None),
    ("Khác", "other", None)])
def test_document_types_are_taken_by_their_vietnamese_words(written, document_type, card_name):
    assert stay_sheet.parse_document_type(written) == (document_type, card_name)


@pytest.mark.parametrize(("written", "code"), [
    ("Việt Nam", "VNM"), ("Vietnam", "VNM"), ("VNM", "VNM"), ("Pháp", "FRA"),
    ("France", "FRA"), ("Trung Quốc", "CHN"), ("Lào", "LAO"), ("Nga", "RUS"),
    ("Hàn Quốc (KOR)", "KOR")])
def test_nationality_is_a_code_or_a_countrys_name(written, code):
    assert stay_sheet.parse_nationality(written) == code


def test_the_import_command_reads_english_and_vietnamese_headers_and_values(
        tmp_path, receptionist):
    now = timezone.localtime()
    english = ["Establishment code", "Full name", "Sex", "Date of birth", "Document type",
               "Document number", "Nationality", "Address", "Reason", "Room", "Arrival",
               "Expected departure"]
    values = ["SAPA-0001", "Lò Thị Mai", "Nữ", "02/07/2001", "Căn cước", "010301000001",
              "Việt Nam", "Xã Y Tý", "Du lịch", "12", when(-timedelta(hours=2)),
              when(timedelta(days=1))]
    path = tmp_path / "stays.xlsx"
    path.write_bytes(xlsx(english, [dict(zip(english, values, strict=True))]).getvalue())
    call_command("import", "lodging.resources.StayResource", str(path), "--no-input")
    stay = Stay.objects.get()
    assert (stay.full_name, stay.sex, stay.document_type) == ("Lò Thị Mai", "F", "cccd")
    assert timezone.localtime(stay.arrival) == (now - timedelta(hours=2)).replace(
        second=0, microsecond=0)
