"""Spreadsheet import and export of stays and establishments (django-import-export).

Stay imports do not save row by row: every row is parsed, then the whole sheet goes
through `lodging.services.register_stays`, the same rules as the form and the API, all or
nothing. Works from the hotel UI (the uploader is the submitter) and from
`manage.py import lodging.resources.StayResource file.xlsx`, where no user is logged in:
then each establishment's first owner is recorded as the submitter.
"""

import functools
from collections import defaultdict

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets
from import_export.results import Error, Result, RowResult

from cms.dates import spreadsheet_date, spreadsheet_datetime
from cms.exports import safe_cell
from cms.models import Commune
from cms.spreadsheets import SpreadsheetError, check_headers, drop_rows
from cms.text import normalize
from lodging.models import Channel, Establishment, StaffMembership, StaffRole, Stay
from lodging.services import RegistrationError, RowError, register_stays

STAY_COLUMNS = ["establishment_code", "full_name", "sex", "date_of_birth", "document_type",
                "document_number", "nationality", "address", "reason", "room", "arrival",
                "expected_departure", "entry_date", "port_of_entry", "visa_type",
                "visa_number", "permitted_stay_until"]
STAY_REQUIRED_COLUMNS = ("establishment_code", "full_name", "document_number", "room",
                         "arrival", "expected_departure")
# Read on import, never exported (nothing of them is kept with the stay but the flag).
IMPORT_ONLY_COLUMNS = ["expiry_date", "confirm_short_permitted_stay"]
DATE_COLUMNS = {"date_of_birth", "entry_date", "permitted_stay_until", "expiry_date"}
YES = {"1", "x", "yes", "true", "co", "có"}
DATETIME_COLUMNS = {"arrival", "expected_departure"}
HEADER_ROW = 1  # spreadsheet rows are numbered from 1, the header is row 1
# Every exported cell goes through the platform's one neutralising writer.
neutralise_formula = safe_cell


def clean_headers(dataset) -> None:
    """A UTF-8 BOM (Excel's CSV) or stray spaces must not hide a column."""
    if dataset.headers:
        dataset.headers = [str(h or "").lstrip("\ufeff").strip() for h in dataset.headers]


class StayResource(resources.ModelResource):
    establishment_code = fields.Field(attribute="establishment__code",
                                      column_name="establishment_code")

    class Meta:
        model = Stay
        fields = STAY_COLUMNS
        export_order = STAY_COLUMNS

    def __init__(self, user=None, establishments=None, **kwargs):
        super().__init__(**kwargs)
        self.user = user
        self.establishments = establishments

    def export_field(self, field, instance, **kwargs):
        return neutralise_formula(super().export_field(field, instance, **kwargs))

    # -- import ---------------------------------------------------------------------
    def import_data(self, dataset, dry_run=False, raise_errors=False, **kwargs):
        result = Result()
        clean_headers(dataset)
        result.diff_headers = list(dataset.headers or [])
        result.add_dataset_headers(result.diff_headers)
        result.total_rows = len(dataset)
        required = [c for c in STAY_REQUIRED_COLUMNS if c != "establishment_code"
                    or not (self.establishments and len(self.establishments) == 1)]
        try:
            check_headers(dataset.headers, required=required,
                          known=[*STAY_COLUMNS, *IMPORT_ONLY_COLUMNS])
        except SpreadsheetError as error:
            result.append_base_error(Error(error))
            return result
        if len(dataset) == 0:
            result.append_base_error(Error(ValueError(_("The file has no rows."))))
            return result

        row_results, rows, groups = [], [], defaultdict(list)
        for index, values in enumerate(dataset.dict):
            row_result = RowResult()
            row_result.number = index + HEADER_ROW + 1
            row_result.import_type = RowResult.IMPORT_TYPE_NEW
            row_results.append(row_result)
            row, problems = self._parse_row(values)
            for problem in problems:
                self._add_error(row_result, problem)
            rows.append(row)
            groups[row.get("establishment_code")].append(index)

        establishments = self._establishments(groups, row_results)
        if not any(r.errors for r in row_results):
            try:
                with transaction.atomic():
                    for code, indexes in groups.items():
                        self._register(establishments[code], [rows[i] for i in indexes],
                                       indexes)
                    if dry_run:
                        transaction.set_rollback(True)
            except _SheetErrors as errors:
                for index, row_error in errors.errors:
                    self._add_error(row_results[index], row_error)
        for row_result in row_results:
            if row_result.errors:
                row_result.import_type = RowResult.IMPORT_TYPE_ERROR
            result.append_row_result(row_result)
            result.increment_row_result_total(row_result)
        if raise_errors and result.has_errors():
            raise ValueError("; ".join(str(e.error) for _n, errs in result.row_errors()
                                       for e in errs))
        return result

    @staticmethod
    def _add_error(row_result, row_error: RowError):
        field = "" if row_error.field == "__all__" else f"{row_error.field}: "
        row_result.errors.append(Error(ValueError(f"{field}{row_error.message}"),
                                       number=row_result.number))

    def _parse_row(self, values) -> tuple[dict, list[RowError]]:
        row, problems = {}, []
        for column in (*STAY_COLUMNS, *IMPORT_ONLY_COLUMNS):
            raw = values.get(column)
            if isinstance(raw, str):
                raw = normalize(raw)
            try:
                if column in DATE_COLUMNS:
                    row[column] = spreadsheet_date(raw)
                elif column in DATETIME_COLUMNS:
                    row[column] = spreadsheet_datetime(raw)
                elif column == "confirm_short_permitted_stay":
                    row[column] = str(raw or "").strip().lower() in YES or None
                else:
                    row[column] = "" if raw is None else str(raw).strip()
            except ValueError as error:
                problems.append(RowError(0, column, str(error)))
        if self.establishments and len(self.establishments) == 1 and not row.get(
                "establishment_code"):
            row["establishment_code"] = self.establishments[0].code
        return {k: v for k, v in row.items() if v not in ("", None)} | {
            "establishment_code": row.get("establishment_code", "")}, problems

    def _establishments(self, groups, row_results) -> dict:
        found = {}
        allowed = {e.code: e for e in self.establishments} if self.establishments else None
        for code, indexes in groups.items():
            establishment = (allowed.get(code) if allowed is not None
                             else Establishment.objects.filter(code=code).first())
            if establishment is None:
                for index in indexes:
                    self._add_error(row_results[index], RowError(
                        index, "establishment_code",
                        _("Unknown establishment code “%(code)s”, or not yours.")
                        % {"code": code}))
            found[code] = establishment
        return found

    def _register(self, establishment, rows, indexes):
        user = self.user or self._owner(establishment)
        if user is None:
            raise _SheetErrors([(i, RowError(i, "establishment_code", _(
                "Establishment %(code)s has no staff to submit for.")
                % {"code": establishment.code})) for i in indexes])
        guests = [{k: v for k, v in row.items() if k != "establishment_code"} for row in rows]
        try:
            register_stays(user=user, establishment=establishment, guests=guests,
                           channel=Channel.UPLOAD)
        except RegistrationError as error:
            raise _SheetErrors([(indexes[e.row], e) for e in error.errors]) from None

    @staticmethod
    def _owner(establishment):
        memberships = StaffMembership.objects.filter(establishment=establishment)
        membership = (memberships.filter(role=StaffRole.OWNER).first()
                      or memberships.first())
        return membership.user if membership else None


class _SheetErrors(Exception):
    def __init__(self, errors):
        self.errors = errors


class CommuneWidget(widgets.Widget):
    """A commune of Lào Cai by official code or name (any accents, with or without prefix)."""

    def clean(self, value, row=None, **kwargs):
        if value in (None, ""):
            raise ValueError(_("Enter the commune or ward."))
        commune = Commune.objects.in_lao_cai().resolve(str(value))
        if commune is None:
            raise ValueError(_("“%(value)s” is not a commune or ward of Lào Cai.")
                             % {"value": value})
        return commune

    def render(self, value, obj=None, **kwargs):
        return value.code if value else ""


class AmenitiesWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        return [item.strip() for item in str(value or "").split(",") if item.strip()]

    def render(self, value, obj=None, **kwargs):
        return ", ".join(value or [])


ESTABLISHMENT_REQUIRED_COLUMNS = ("code", "name", "kind", "commune", "address")


class EstablishmentResource(resources.ModelResource):
    commune = fields.Field(attribute="commune", column_name="commune", widget=CommuneWidget())
    amenities = fields.Field(attribute="amenities", column_name="amenities",
                             widget=AmenitiesWidget())

    class Meta:
        model = Establishment
        import_id_fields = ["code"]
        fields = ["code", "name", "kind", "stars", "commune", "address", "latitude",
                  "longitude", "rooms", "price_min", "price_max", "amenities", "phone",
                  "email", "description_vi", "description_en"]
        export_order = fields
        use_transactions = True
        skip_unchanged = True
        clean_model_instances = True

    def export_field(self, field, instance, **kwargs):
        return neutralise_formula(super().export_field(field, instance, **kwargs))

    def import_data(self, dataset, dry_run=False, raise_errors=False, use_transactions=None,
                    collect_failed_rows=False, rollback_on_validation_errors=False, **kwargs):
        # A row refused by model validation must roll the whole file back too (the
        # library's default keeps every other row: a half-saved import).
        clean_headers(dataset)
        arguments = {"dry_run": dry_run, "raise_errors": raise_errors,
                     "use_transactions": use_transactions,
                     "collect_failed_rows": collect_failed_rows,
                     "rollback_on_validation_errors": True, **kwargs}
        self._precheck_on, self._refused_rows = True, set()
        result = super().import_data(dataset, **arguments)
        if self._refused_rows and not (result.has_errors() or result.has_validation_errors()):
            # The pre-check refused a row the import let through (an unchanged row is
            # skipped before model validation, so stored values failing a newer rule do
            # not count): import the whole sheet again, row by row, without it.
            self._precheck_on = False
            result = super().import_data(dataset, **arguments)
        return result

    def before_import(self, dataset, **kwargs):
        try:
            check_headers(dataset.headers, required=ESTABLISHMENT_REQUIRED_COLUMNS,
                          known=self._meta.fields)
        except SpreadsheetError:
            drop_rows(dataset)
            raise
        self._refused_rows = (self._precheck(dataset)
                              if getattr(self, "_precheck_on", True) else set())

    def _precheck(self, dataset) -> set[int]:
        """Rows that cannot be saved, found before any row is looked up or written.

        Each row's cells go through the same widgets and model field checks the import
        does (communes resolved once per name). Only the columns the sheet has are
        checked, so a row refused here is almost always refused by the import too (when
        it is not, import_data imports the sheet again without the pre-check); rows
        whose fault only the database can see (a duplicate) are left to the import.
        """
        present = set(dataset.headers)
        import_fields = [f for f in self.get_import_fields() if f.column_name in present]
        model_fields = {f.name for f in Establishment._meta.get_fields()}
        # The commune came from the database already (its foreign key check is a query).
        unchecked = [name for name in model_fields
                     if name not in {f.attribute for f in import_fields}] + ["commune"]
        commune_field = next((f for f in import_fields if f.attribute == "commune"), None)

        @functools.cache
        def commune_of(value):  # each commune name is looked up once per sheet
            try:
                return commune_field.clean({commune_field.column_name: value})
            except ValueError as error:
                return error

        refused = set()
        for number, row in enumerate(dataset.dict, start=1):
            instance = Establishment()
            try:
                for field in import_fields:
                    if field is not commune_field:
                        field.save(instance, row)
                        continue
                    commune = commune_of(row.get(field.column_name))
                    if isinstance(commune, ValueError):
                        raise commune
                    instance.commune = commune
                instance.clean_fields(exclude=unchecked)
            except (ValueError, ValidationError):
                refused.add(number)
        return refused

    def import_row(self, row, instance_loader, **kwargs):
        # When the pre-check refused a row, nothing will be saved: only the refused rows
        # go through the import (which reports their errors); the others are skipped
        # without a lookup (a 10,000-row sheet with one bad row took minutes).
        refused = getattr(self, "_refused_rows", None)
        if refused and kwargs.get("row_number") not in refused:
            result = self.get_row_result_class()()
            result.import_type = RowResult.IMPORT_TYPE_SKIP
            return result
        return super().import_row(row, instance_loader, **kwargs)
