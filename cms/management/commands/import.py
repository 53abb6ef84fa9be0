"""django-import-export's `import` command, reading .xlsx and .csv through cms.spreadsheets.

The same command line (`manage.py import lodging.resources.StayResource file.xlsx`); the
difference is what a hostile or odd file gets: a one-line error and exit status 1 instead
of a traceback, CSV encodings detected instead of assumed, nothing saved.
"""

import importlib
import os

from django.core.management.base import CommandError

from cms import spreadsheets

# "import" is a Python keyword, so the module is reached by name.
import_export_command = importlib.import_module("import_export.management.commands.import")


class Command(import_export_command.Command):
    def handle(self, *args, **options):
        file_name = options.get("import_file_name") or ""
        extension = file_name.lower().rpartition(".")[2]
        if not options.get("format") and extension in spreadsheets.FORMATS_BY_EXTENSION:
            options["format"] = f"cms.spreadsheets.{extension.upper()}"
            max_bytes = spreadsheets.limit("SPREADSHEET_MAX_BYTES")
            if os.path.isfile(file_name) and os.path.getsize(file_name) > max_bytes:
                raise CommandError(spreadsheets.size_message(max_bytes))
        try:
            return super().handle(*args, **options)
        except spreadsheets.SpreadsheetError as error:
            raise CommandError(str(error)) from None
