"""Error reports (admin e-mails, the technical 500 page) without personal data.

Nearly every form and query on this site carries a guest's or a suspect's identity:
names, document numbers, dates of birth, QR/MRZ text, addresses. Django's default filter
hides only fields declared sensitive one by one; here every POST value, every query
string value and every traceback variable is hidden instead, and field names are kept so
the report still says what was sent.
"""

import re

from django.views.debug import ExceptionReporter, SafeExceptionReporterFilter

HIDDEN = "********************"


class PersonalDataExceptionReporterFilter(SafeExceptionReporterFilter):
    # Settings that could identify people or open doors, beyond Django's own list.
    hidden_settings = re.compile(SafeExceptionReporterFilter.hidden_settings.pattern
                                 + "|DATABASE|ELASTICSEARCH|EMAIL|ADMINS|MANAGERS",
                                 flags=re.IGNORECASE)

    def get_post_parameters(self, request):
        if request is None:
            return {}
        if not self.is_active(request):
            return request.POST
        cleansed = request.POST.copy()
        for key in cleansed:
            cleansed.setlist(key, [HIDDEN])
        return cleansed

    def get_safe_request_meta(self, request):
        meta = super().get_safe_request_meta(request)
        if self.is_active(request) and meta.get("QUERY_STRING"):
            meta["QUERY_STRING"] = HIDDEN
        return meta

    def get_traceback_frame_variables(self, request, tb_frame):
        if self.is_active(request):
            return [(name, HIDDEN) for name in tb_frame.f_locals]
        return super().get_traceback_frame_variables(request, tb_frame)


class PersonalDataExceptionReporter(ExceptionReporter):
    """Query strings (a police search for a name) are hidden like POST values."""

    def get_traceback_data(self):
        data = super().get_traceback_data()
        if self.request is not None and self.filter.is_active(self.request):
            data["request_GET_items"] = [(key, HIDDEN) for key in self.request.GET]
        return data
