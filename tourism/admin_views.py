"""Wagtail admin: import and export destinations and attractions as CSV or XLSX."""

from django.contrib.auth.decorators import permission_required
from django.shortcuts import render
from django.utils.translation import gettext as _
from import_export.results import RowResult

from cms import exports, spreadsheets
from tourism.forms import ImportForm
from tourism.resources import DestinationResource


@permission_required("wagtailadmin.access_admin")
def import_places(request):
    form = ImportForm(request.POST or None, request.FILES or None)
    result = errors = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            dataset = spreadsheets.read_dataset(upload.name, file=upload)
        except spreadsheets.SpreadsheetError as error:
            form.add_error("file", str(error))
        else:
            result = DestinationResource().import_data(
                dataset, dry_run=form.cleaned_data["dry_run"], use_transactions=True)
            errors = [(error.error,) for error in result.base_errors] + [
                (_("Row %(number)s: %(error)s") % {"number": number, "error": error.error},)
                for number, row_errors in result.row_errors() for error in row_errors]
    return render(request, "tourism/admin/import.html", {
        "form": form, "result": result, "errors": errors,
        "created": result.totals[RowResult.IMPORT_TYPE_NEW] if result else 0,
        "updated": result.totals[RowResult.IMPORT_TYPE_UPDATE] if result else 0,
    })


@permission_required("wagtailadmin.access_admin")
def export_places(request, file_format):
    dataset = DestinationResource().export()
    return exports.download(f"destinations.{file_format}", file_format, dataset.headers,
                            dataset, expected_rows=len(dataset), title="destinations")
