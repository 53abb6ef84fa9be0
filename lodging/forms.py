"""Forms of the hotel UI: they only parse input; rules live in lodging.services."""

from datetime import datetime, time, timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lodging.countries import resolve_country
from lodging.identity import CardName, DocumentType, Sex

DATETIME_LOCAL = "%Y-%m-%dT%H:%M"


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format=DATETIME_LOCAL, **kwargs)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def default_departure() -> datetime:
    tomorrow = timezone.localdate() + timedelta(days=1)
    return timezone.make_aware(datetime.combine(tomorrow, time(12, 0)))


CONFIRM_SHORT_STAY = "confirm_short_permitted_stay"


def _confirm_short_stay_field() -> forms.BooleanField:
    return forms.BooleanField(
        label=_("I have checked the guest's visa: register the stay although the permitted "
                "stay ends before the expected departure"), required=False)


class StayGroupForm(forms.Form):
    """What a family shares: the room and the dates."""

    establishment = forms.ChoiceField(label=_("Establishment"), required=False)
    room = forms.CharField(label=_("Room"), max_length=20,
                           widget=forms.TextInput(attrs={"autofocus": True}))
    arrival = forms.DateTimeField(label=_("Arrival"), widget=DateTimeLocalInput(),
                                  input_formats=[DATETIME_LOCAL, "%Y-%m-%d %H:%M"])
    expected_departure = forms.DateTimeField(label=_("Expected departure"),
                                             widget=DateTimeLocalInput(),
                                             input_formats=[DATETIME_LOCAL, "%Y-%m-%d %H:%M"])
    reason = forms.CharField(label=_("Reason for stay"), max_length=200, required=False,
                             initial=_("tourism"),
                             help_text=_("A code 1-20 of the national list or its words "
                                         "(du lịch, công tác...); other text is kept as "
                                         "“20 - Mục đích khác”."))

    def __init__(self, *args, establishments=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["establishment"].choices = [(e.code, e.name) for e in establishments]
        if self.data.get(CONFIRM_SHORT_STAY):  # the second submit, after the warning
            self.ask_to_confirm_short_stay()
        self.fields["arrival"].initial = timezone.localtime().replace(second=0, microsecond=0)
        self.fields["expected_departure"].initial = default_departure()

    def ask_to_confirm_short_stay(self) -> None:
        """Shown only once the rules warned that a permitted stay ends too early."""
        self.fields.setdefault(CONFIRM_SHORT_STAY, _confirm_short_stay_field())

    def confirmed_short_stay(self) -> bool:
        return CONFIRM_SHORT_STAY in self.fields and self.data.get(CONFIRM_SHORT_STAY) in (
            "on", "true", "1")


class GuestForm(forms.Form):
    """One guest; every field optional here so all errors come from the same rules."""

    scan = forms.CharField(
        label=_("Scan CCCD QR or passport MRZ"), required=False,
        widget=forms.Textarea(attrs={"rows": 2, "class": "scan", "spellcheck": "false",
                                     "autocomplete": "off"}))
    full_name = forms.CharField(label=_("Full name"), required=False, max_length=200)
    sex = forms.ChoiceField(label=_("Sex"), required=False,
                            choices=[("", "—"), *Sex.choices])
    date_of_birth = forms.DateField(label=_("Date of birth"), required=False,
                                    widget=DateInput())
    document_type = forms.ChoiceField(label=_("Document type"), required=False,
                                      choices=DocumentType.choices)
    card_name = forms.ChoiceField(
        label=_("Card name"), required=False,
        choices=[("", _("From the issue date")), *CardName.choices],
        help_text=_("Cards issued from 1 July 2024 are called Căn cước."))
    # Numbers keypad for the CCCD (the default type); the script switches it for others.
    document_number = forms.CharField(
        label=_("Document number"), required=False, max_length=30,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off",
                                      "spellcheck": "false", "autocapitalize": "characters"}))
    # A code, or a country's name in Vietnamese or English; the datalist shows both.
    nationality = forms.CharField(
        label=_("Nationality"), required=False, max_length=100, initial="VNM",
        widget=forms.TextInput(attrs={"list": "countries", "autocomplete": "off",
                                      "class": "nationality"}))
    address = forms.CharField(label=_("Permanent address"), required=False, max_length=300)
    phone = forms.CharField(label=_("Phone"), required=False, max_length=32)
    entry_date = forms.DateField(label=_("Date of entry"), required=False, widget=DateInput())
    port_of_entry = forms.CharField(label=_("Port of entry"), required=False, max_length=120)
    visa_type = forms.CharField(label=_("Visa or exemption type"), required=False,
                                max_length=10)
    visa_number = forms.CharField(label=_("Visa or exemption number"), required=False,
                                  max_length=40)
    permitted_stay_until = forms.DateField(label=_("Permitted stay until"), required=False,
                                           widget=DateInput())
    expiry_date = forms.DateField(label=_("Document valid until"), required=False,
                                      widget=DateInput())

    FOREIGNER_FIELDS = ("entry_date", "port_of_entry", "visa_type", "visa_number",
                        "permitted_stay_until")

    def clean_nationality(self) -> str:
        return resolve_country(self.cleaned_data.get("nationality", ""))

    def is_foreign(self) -> bool:
        """Shown with the foreigner fields open: a nationality other than Vietnam."""
        value = (self["nationality"].value() or "VNM").strip()
        return resolve_country(value) != "VNM"

    def guest_data(self) -> dict:
        data = {k: v for k, v in self.cleaned_data.items() if k != "scan" and v not in ("", None)}
        scan = (self.cleaned_data.get("scan") or "").strip()
        if scan:
            data["qr" if "|" in scan else "mrz"] = scan
        return data

    def is_blank(self) -> bool:
        return not any(v for k, v in self.cleaned_data.items()
                       if k not in ("nationality", "document_type", "card_name"))


GuestFormSet = forms.formset_factory(GuestForm, extra=1, max_num=20, validate_max=True)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=500,
                             widget=forms.TextInput(attrs={"required": True}))


class ExtendForm(forms.Form):
    expected_departure = forms.DateTimeField(label=_("New expected departure"),
                                             widget=DateTimeLocalInput(),
                                             input_formats=[DATETIME_LOCAL])
    reason = forms.CharField(label=_("Reason"), max_length=500, required=False)
    confirm_short_permitted_stay = _confirm_short_stay_field()

    def __init__(self, *args, foreigner=True, **kwargs):
        super().__init__(*args, **kwargs)
        if not foreigner:  # only a foreigner has a permitted stay to confirm
            del self.fields[CONFIRM_SHORT_STAY]


class CorrectionForm(GuestForm):
    room = forms.CharField(label=_("Room"), max_length=20, required=False)
    reason = forms.CharField(label=_("Reason for the correction"), max_length=500)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["card_name"]  # a registration choice, not a correctable field

    def changes(self, stay) -> dict:
        changes = {}
        for field in ("full_name", "sex", "date_of_birth", "document_type", "document_number",
                      "nationality", "address", "phone", "room", *self.FOREIGNER_FIELDS):
            value = self.cleaned_data.get(field)
            if value in ("", None):
                continue
            if value != getattr(stay, field):
                changes[field] = value
        return changes


class UploadForm(forms.Form):
    file = forms.FileField(label=_("Spreadsheet (XLSX or CSV)"))
