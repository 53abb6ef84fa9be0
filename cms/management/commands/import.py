"""django-import-export's `import` command, made safe for hostile and invalid files.

Same command line (`manage.py import lodging.resources.StayResource file.xlsx`, same
options); what differs:
- .xlsx and .csv are read through cms.spreadsheets (size and zip-bomb checks, encoding
  detection, formulas refused), so a bad file ends in a one-line error and exit status 1,
  not a traceback;
- rows refused by model validation (a ValidationError, e.g. an unknown establishment kind)
  are reported with their line and make the command exit 1: the stock command printed
  "Import finished" for them although nothing was saved.
"""

import importlib
import os
import sys

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.management.base import CommandError
from import_export.command_utils import get_format_class, get_resource_class
from import_export.results import RowResult

from cms import spreadsheets

# "import" is a Python keyword, so the module is reached by name.
import_export_command = importlib.import_module("import_export.management.commands.import")


class Command(import_export_command.Command):
    def handle(self, *args, **options):
        file_name = options["import_file_name"]
        if options["interactive"] and input(
                "Are you sure you want to import the data? [yes/no]: ") != "yes":
            raise CommandError("Import cancelled.")
        resource = get_resource_class(options["resource"])()
        try:
            dataset = self._read(file_name, options.get("format"), options.get("encoding"))
        except spreadsheets.SpreadsheetError as error:
            raise CommandError(str(error)) from None
        result = resource.import_data(dataset, dry_run=options.get("dry_run"),
                                      raise_errors=options.get("raise_errors"))
        if options.get("dry_run"):
            self.stderr.write(self.style.NOTICE("Dry run: nothing was saved."))
        if result.has_errors() or result.has_validation_errors():
            self.stderr.write(self.style.ERROR("Import errors! Nothing was saved."))
            for error in result.base_errors:
                self.stderr.write(repr(error.error))
            for line, errors in result.row_errors():
                for error in errors:
                    self.stderr.write(f"Line number: {line} - {error.error!r}")
            for row in result.invalid_rows:
                for field, messages in row.error_dict.items():
                    label = "" if field == NON_FIELD_ERRORS else f"{field}: "
                    self.stderr.write(f"Line number: {row.number} - {label}"
                                      + " ".join(messages))
            sys.exit(1)
        totals = result.totals
        self.stderr.write(self.style.NOTICE(
            f"Import finished: {totals[RowResult.IMPORT_TYPE_NEW]} new, "
            f"{totals[RowResult.IMPORT_TYPE_UPDATE]} updated, "
            f"{totals[RowResult.IMPORT_TYPE_DELETE]} deleted and "
            f"{totals[RowResult.IMPORT_TYPE_SKIP]} skipped "
            f"{resource._meta.model._meta.verbose_name_plural}."))

    def _read(self, file_name, format_name, encoding):
        extension = file_name.lower().rpartition(".")[2]
        if not format_name and extension in spreadsheets.FORMATS_BY_EXTENSION:
            if file_name == "-":
                return spreadsheets.read_dataset(file_name, sys.stdin.buffer.read())
            if not os.path.isfile(file_name):
                raise CommandError(f"No such file: {file_name}")
            with open(file_name, "rb") as handle:
                return spreadsheets.read_dataset(file_name, file=handle)
        format_class = get_format_class(format_name, file_name, encoding)
        if file_name == "-":
            data = sys.stdin.buffer.read() if format_class.is_binary() else sys.stdin.read()
        else:
            with open(file_name, format_class.get_read_mode()) as handle:
                data = handle.read()
        return format_class.create_dataset(data)
