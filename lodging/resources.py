"""Spreadsheet import and export of stays and establishments (django-import-export).

Stay imports do not save row by row: every row is read (headers and cells as
`lodging.stay_sheet` understands them: Vietnamese or English headers, "Nam"/"Nữ",
DD/MM/YYYY HH:MM...), then the whole sheet goes through `lodging.services.register_stays`,
the same rules as the form and the API, all or nothing. Every rule is checked on every
row before answering: a cell that cannot be read does not stop the service's rules on
the rest of the sheet, so one upload shows every problem. Works from the hotel UI (the
uploader is the submitter) and from `manage.py import lodging.resources.StayResource
file.xlsx`, where no user is logged in: then each establishment's first owner is
recorded as the submitter.
"""

import functools
from collections import defaultdict

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets
from import_export.results import Error, Result, RowResult

from cms.exports import safe_cell
from cms.models import Commune
from cms.spreadsheets import SpreadsheetError, check_headers, drop_rows
from lodging import stay_sheet
from lodging.models import Channel, Establishment, StaffMembership, StaffRole, Stay
from lodging.services import NON_FIELD, RegistrationError, register_stays, validate_rows

STAY_COLUMNS = ["establishment_code", "full_name", "sex", "date_of_birth", "document_type",
                "document_number", "nationality", "address", "reason", "room", "arrival",
                "expected_departure", "entry_date", "port_of_entry", "visa_type",
                "visa_number", "permitted_stay_until"]
STAY_REQUIRED_COLUMNS = ("establishment_code", "full_name", "document_number", "room",
                         "arrival", "expected_departure")
HEADER_ROW = 1  # spreadsheet rows are numbered from 1, the header is row 1
# Every exported cell goes through the platform's one neutralising writer.
neutralise_formula = safe_cell


def clean_headers(dataset) -> None:
    """A UTF-8 BOM (Excel's CSV) or stray spaces must not hide a column."""
    if dataset.headers:
        dataset.headers = [str(h or "").lstrip("\ufeff").strip() for h in dataset.headers]


class RowProblem(ValueError):
    """One problem of a sheet's row, about a column as the sheet names it (None: the
    whole row). Its text starts with a word of the message's language, never a header."""

    def __init__(self, column: str | None, message: str):
        self.column, self.message = column, str(message)
        super().__init__(_("Column “%(column)s”: %(message)s")
                         % {"column": column, "message": self.message} if column
                         else self.message)


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
        headers = stay_sheet.read_headers(dataset.headers)
        required = [c for c in STAY_REQUIRED_COLUMNS if c != "establishment_code"
                    or not self._single_establishment]
        if problem := headers.problem(required):
            result.append_base_error(Error(SpreadsheetError(problem)))
            return result
        if len(dataset) == 0:
            result.append_base_error(Error(ValueError(_("The file has no rows."))))
            return result

        sheet = _Sheet(headers, len(dataset))
        rows, groups = [], defaultdict(list)
        for index, cells in enumerate(dataset):
            row = self._read_row(sheet, index, cells)
            rows.append(row)
            if row is not None:
                groups[row["establishment_code"]].append(index)
        with transaction.atomic():
            self._check_and_register(sheet, rows, groups)
            if dry_run or sheet.has_problems():
                transaction.set_rollback(True)
        sheet.sort_problems()
        for row_result in sheet.row_results:
            if row_result.errors:
                row_result.import_type = RowResult.IMPORT_TYPE_ERROR
            result.append_row_result(row_result)
            result.increment_row_result_total(row_result)
        if raise_errors and result.has_errors():
            raise ValueError("; ".join(str(e.error) for _n, errs in result.row_errors()
                                       for e in errs))
        return result

    @property
    def _single_establishment(self) -> bool:
        return bool(self.establishments) and len(self.establishments) == 1

    def _read_row(self, sheet: "_Sheet", index: int, cells) -> dict | None:
        """The row's stay fields, its unreadable cells told to `sheet`; None for the
        template's example row."""
        cells = {name: cells[position] for name, position in sheet.headers.positions.items()}
        row, problems = stay_sheet.read_row(cells)
        sheet.row_results[index].object_repr = str(row.get("full_name") or "")
        if stay_sheet.is_example(row):
            # Copied from the template's instructions sheet: never registered.
            sheet.add(index, NON_FIELD, _("This is the template's example row: delete it "
                                          "and type your own guests."))
            return None
        for name, message in problems:
            sheet.refuse_cell(index, name, message)
        if not row.get("establishment_code") and self._single_establishment:
            row["establishment_code"] = self.establishments[0].code
        row.setdefault("establishment_code", "")
        return row

    def _check_and_register(self, sheet: "_Sheet", rows: list[dict], groups) -> None:
        """Every establishment's rows through the service, each in its own savepoint, so
        the rules run on every row even when an earlier group or a cell is wrong."""
        now = timezone.now()
        establishments = self._establishments(groups, sheet)
        for code, indexes in groups.items():
            guests = [{k: v for k, v in rows[i].items() if k != "establishment_code"}
                      for i in indexes]
            establishment = establishments[code]
            user = (self.user or self._owner(establishment)) if establishment else None
            if establishment and user is None:
                for index in indexes:
                    sheet.add(index, "establishment_code", _(
                        "Establishment %(code)s has no staff to submit for.")
                        % {"code": establishment.code})
            if user is None:  # the rows' own rules are still worth knowing
                _rows, errors = validate_rows(rows=guests, now=now)
                sheet.add_service_errors(indexes, errors)
                continue
            try:
                submission = register_stays(
                    user=user, establishment=establishment, guests=guests,
                    channel=Channel.UPLOAD, now=now,
                    row_numbers=[sheet.number(i) for i in indexes])
            except RegistrationError as error:
                sheet.add_service_errors(indexes, error.errors)
                continue
            for index, stay in zip(indexes, submission.registered_stays, strict=True):
                sheet.row_results[index].instance = stay

    def _establishments(self, groups, sheet: "_Sheet") -> dict:
        found = {}
        allowed = {e.code: e for e in self.establishments} if self.establishments else None
        for code, indexes in groups.items():
            establishment = (allowed.get(code) if allowed is not None
                             else Establishment.objects.filter(code=code).first())
            if establishment is None:
                for index in indexes:
                    sheet.refuse_cell(index, "establishment_code", _(
                        "Unknown establishment code “%(code)s”, or not yours.")
                        % {"code": code})
            found[code] = establishment
        return found

    @staticmethod
    def _owner(establishment):
        memberships = StaffMembership.objects.filter(establishment=establishment)
        membership = (memberships.filter(role=StaffRole.OWNER).first()
                      or memberships.first())
        return membership.user if membership else None


class _Sheet:
    """The rows of one imported sheet and their problems."""

    def __init__(self, headers: stay_sheet.SheetHeaders, size: int):
        self.headers = headers
        self.row_results = []
        for index in range(size):
            row_result = RowResult()
            row_result.number = self.number(index)
            row_result.import_type = RowResult.IMPORT_TYPE_NEW
            self.row_results.append(row_result)
        self._refused_cells: set[tuple[int, str]] = set()

    @staticmethod
    def number(index: int) -> int:
        return index + HEADER_ROW + 1

    def add(self, index: int, field: str, message: str) -> None:
        label = self.headers.label(field) if field != NON_FIELD else None
        self.row_results[index].errors.append(
            Error(RowProblem(label, message), number=self.number(index)))

    def refuse_cell(self, index: int, field: str, message: str) -> None:
        """A cell that could not be read: the service's word on the same field (it
        was left out, so "enter ...") would only repeat it."""
        self._refused_cells.add((index, field))
        self.add(index, field, message)

    def add_service_errors(self, indexes: list[int], errors) -> None:
        for error in errors:
            index = indexes[error.row]
            if (index, error.field) not in self._refused_cells:
                self.add(index, error.field, error.message)

    def has_problems(self) -> bool:
        return any(row_result.errors for row_result in self.row_results)

    def sort_problems(self) -> None:
        """Each row's problems in the order of the sheet's columns, whatever found them
        (the whole row's first, columns the sheet lacks last)."""
        positions = {label: self.headers.positions.get(name, len(stay_sheet.COLUMNS))
                     for name in stay_sheet.BY_NAME if (label := self.headers.label(name))}
        for row_result in self.row_results:
            row_result.errors.sort(key=lambda error: -1 if error.error.column is None
                                   else positions.get(error.error.column,
                                                      len(stay_sheet.COLUMNS)))


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
