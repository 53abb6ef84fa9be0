"""Spreadsheet upload (preview, then all-or-nothing import), template and export."""

import hashlib
from pathlib import Path

import tablib
from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from cms import exports, spreadsheets
from lodging import selectors, stay_sheet
from lodging.forms import UploadForm
from lodging.resources import StayResource
from lodging.searches import STAFF_SEARCH_FIELD
from lodging.stay_sheet_template import template_workbook
from lodging.views import (
    _current_establishment,
    _no_establishment,
    kept_search,
    owner_required,
    search_terms_not_in_url,
    staff_required,
)

FORMATS = ("xlsx", "csv")
UTF8_BOM = b"\xef\xbb\xbf"


def read_dataset(name: str, content: bytes) -> tablib.Dataset:
    """A dataset from an uploaded XLSX or CSV, read by the hardened reader (cms.spreadsheets).

    Raises SpreadsheetError (a ValueError) with a message for the user.
    """
    return spreadsheets.read_dataset(name, content)


def _pending_path(user, digest: str, ext: str) -> Path:
    folder = Path(settings.VAR_DIR) / "uploads"
    folder.mkdir(parents=True, exist_ok=True)
    return folder / f"{user.pk}-{digest}.{ext}"


@staff_required
def upload(request):
    """Upload, preview every row's errors (nothing saved), then confirm: all or nothing."""
    establishment, establishments = _current_establishment(request)
    if establishment is None:
        return _no_establishment(request)
    context = {"establishment": establishment, "establishments": establishments}
    form = UploadForm(request.POST or None, request.FILES or None)
    resource = StayResource(user=request.user, establishments=[establishment])

    digest, ext = request.POST.get("confirm", ""), request.POST.get("ext", "")
    if request.method == "POST" and digest:
        if ext not in FORMATS or not digest.isalnum():
            raise Http404
        pending = _pending_path(request.user, digest, ext)
        if not pending.exists():
            messages.error(request, _("The upload expired; choose the file again."))
            return redirect("lodging:upload")
        try:
            dataset = read_dataset(pending.name, pending.read_bytes())
        except ValueError as error:
            messages.error(request, str(error))
            return redirect("lodging:upload")
        result = resource.import_data(dataset, dry_run=False)
        if not result.has_errors():
            pending.unlink()
            messages.success(request, _("Imported %(count)s stays.") % {"count": len(dataset)})
            # The notification's receipt, as after the form (the history is the owner's).
            submission = next(row.instance.submission for row in result.rows if row.instance)
            return redirect("lodging:receipt", code=submission.receipt_code)
        return render(request, "lodging/upload.html", {
            **context, "form": UploadForm(), **_preview(result, dataset)})

    if request.method == "POST" and form.is_valid():
        upload_file = form.cleaned_data["file"]
        try:
            content = spreadsheets.read_upload(upload_file)
            dataset = read_dataset(upload_file.name, content)
        except ValueError as error:
            form.add_error("file", str(error))
        else:
            result = resource.import_data(dataset, dry_run=True)
            context.update(_preview(result, dataset))
            if not result.has_errors():
                ext = "xlsx" if upload_file.name.lower().endswith(".xlsx") else "csv"
                digest = hashlib.sha256(content).hexdigest()
                _pending_path(request.user, digest, ext).write_bytes(content)
                context.update({"digest": digest, "ext": ext})
    return render(request, "lodging/upload.html", {**context, "form": form})


def _preview(result, dataset) -> dict:
    """Every problem by row (with the guest's name, to find the row), or, when there is
    none, the stays the confirmation will register."""
    problems = [(row.number, row.object_repr, [str(error.error) for error in row.errors])
                for row in result.rows if row.errors]
    stays = [] if problems else [(row.number, row.instance) for row in result.rows
                                 if row.instance is not None]
    return {"result": result, "rows": len(dataset), "errors": problems,
            "problem_count": sum(len(messages) for _n, _name, messages in problems),
            "stays": stays, "base_errors": [str(e.error) for e in result.base_errors]}


@staff_required
def template(request, fmt):
    """The template in the page's language (the importer reads either language's
    headers); the XLSX with instructions, examples and lists, the CSV headers only."""
    if fmt not in FORMATS:
        raise Http404
    language = "vi" if (get_language() or "vi").startswith("vi") else "en"
    if fmt == "csv":
        headers = [column.header(language) for column in stay_sheet.COLUMNS]
        # With a BOM, Excel opens the Vietnamese headers as UTF-8 (the importer skips it).
        content, content_type = (UTF8_BOM + exports.csv_bytes(headers, []),
                                 exports.CSV_CONTENT_TYPE)
    else:
        establishment, establishments = _current_establishment(request)
        codes = tuple(e.code for e in sorted(establishments, key=lambda e: e != establishment))
        content, content_type = (template_workbook(language, today=timezone.localdate(),
                                                   establishment_codes=codes),
                                 exports.XLSX_CONTENT_TYPE)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="stays-template.{fmt}"'
    return response


@search_terms_not_in_url
@owner_required
def export(request, fmt):
    """The establishment's own stays (the search kept under `?s=`, or all), as XLSX or
    CSV."""
    if fmt not in FORMATS:
        raise Http404
    establishment, _establishments = _current_establishment(request)
    if establishment is None:
        return _no_establishment(request)
    params = kept_search(request)
    if params is None:
        return redirect("lodging:history")
    stays = selectors.search_stays(request.user, params.get(STAFF_SEARCH_FIELD, ""),
                                   establishment)
    resource = StayResource()
    rows = (resource.export_resource(stay)
            for stay in stays.select_related("establishment").iterator(chunk_size=1000))
    return exports.download(f"stays-{establishment.code}.{fmt}", fmt,
                            resource.get_export_headers(), rows,
                            expected_rows=stays.count(), title="stays")
