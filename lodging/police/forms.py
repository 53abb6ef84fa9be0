from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from lodging.identity import DocumentType
from lodging.police.stay_search import StaySearchParams


class StaySearchForm(forms.Form):
    """The police stay search as typed; once valid, `params` is what is searched."""

    q = forms.CharField(label=_("Name"), required=False, max_length=200)
    document_number = forms.CharField(label=_("Document number"), required=False,
                                      max_length=30)
    date_of_birth = forms.DateField(label=_("Date of birth"), required=False,
                                    widget=forms.DateInput(attrs={"type": "date"}))
    nationality = forms.CharField(label=_("Nationality (ISO code)"), required=False,
                                  max_length=3)
    arrival_from = forms.DateField(label=_("Arrival from"), required=False,
                                   widget=forms.DateInput(attrs={"type": "date"}))
    arrival_to = forms.DateField(label=_("Arrival to"), required=False,
                                 widget=forms.DateInput(attrs={"type": "date"}))
    establishment = forms.CharField(label=_("Establishment code"), required=False,
                                    max_length=32)
    late = forms.BooleanField(label=_("Late notifications only"), required=False)

    params: StaySearchParams

    def clean(self):
        cleaned = super().clean()
        if not self.errors:  # the bounds of a search whose fields parsed
            try:
                self.params = StaySearchParams.of(cleaned)
            except ValidationError as error:
                for field, messages in error.message_dict.items():
                    self.add_error(field if field in self.fields else None, messages)
        return cleaned


class WatchlistEntryForm(forms.Form):
    document_type = forms.ChoiceField(label=_("Document type"), required=False,
                                      choices=[("", "—"), *DocumentType.choices])
    document_number = forms.CharField(label=_("Document number"), required=False,
                                      max_length=30)
    full_name = forms.CharField(label=_("Full name"), required=False, max_length=200)
    date_of_birth = forms.DateField(label=_("Date of birth"), required=False,
                                    widget=forms.DateInput(attrs={"type": "date"}))
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))
    expires_at = forms.DateTimeField(label=_("Expires at"), required=False,
                                     widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))


class AcknowledgeForm(forms.Form):
    note = forms.CharField(label=_("Note"), max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 2}))


class WatchlistImportForm(forms.Form):
    file = forms.FileField(label=_("Spreadsheet (XLSX or CSV)"))


class ComplaintForm(forms.Form):
    """What a complaint names; hashed on the server, matched against the audit log."""

    name = forms.CharField(label=_("Full name"), required=False, max_length=200)
    document_number = forms.CharField(label=_("Document number"), required=False,
                                      max_length=30)
    date_of_birth = forms.DateField(label=_("Date of birth"), required=False,
                                    widget=forms.DateInput(attrs={"type": "date"}))

    def digests(self) -> dict[str, str]:
        from lodging.police.audit import term_digest

        found = {kind: term_digest(kind, self.cleaned_data.get(kind))
                 for kind in ("name", "document_number", "date_of_birth")}
        return {kind: digest for kind, digest in found.items() if digest}
