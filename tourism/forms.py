from django import forms
from django.utils.translation import gettext_lazy as _

from cms.models import Commune
from lodging.models import EstablishmentKind


class AccommodationFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), required=False,
                             choices=[("", _("All kinds")), *EstablishmentKind.choices])
    commune = forms.ModelChoiceField(
        label=_("Commune or ward"), required=False, to_field_name="code",
        empty_label=_("All communes"), queryset=Commune.objects.none())
    stars = forms.TypedChoiceField(
        label=_("Stars"), required=False, coerce=int, empty_value=None,
        choices=lambda: [("", _("Any")), *((str(n), _("%(n)s stars or more") % {"n": n})
                                           for n in range(1, 6))])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Built per form, not at import: the page types import this module while the app
        # registry is still loading, before a query may name a relation.
        self.fields["commune"].queryset = (
            Commune.objects.in_lao_cai().filter(establishments__status="active").distinct())


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Spreadsheet (CSV or XLSX)"))
    dry_run = forms.BooleanField(label=_("Only check, do not save"), required=False)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError(_("Upload a .csv or .xlsx file."))
        return upload
