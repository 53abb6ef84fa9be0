"""Reminder settings (signed in) and the unsubscribe link of every e-mail (signed out)."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from lodging import reminders
from lodging.models import ReminderKind


class ReminderSettingsForm(forms.Form):
    language = forms.ChoiceField(label=gettext_lazy("Language of the e-mails"),
                                 choices=settings.LANGUAGES)
    wanted = forms.MultipleChoiceField(
        label=gettext_lazy("E-mails I want"), required=False,
        choices=ReminderKind.choices, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, kinds=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["wanted"].choices = [(kind, ReminderKind(kind).label) for kind in kinds]


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def reminder_settings(request):
    preference = reminders.preference_for(request.user)
    kinds = reminders.kinds_for(request.user)
    form = ReminderSettingsForm(request.POST or None, kinds=kinds, initial={
        "language": preference.language,
        "wanted": [kind for kind in kinds if preference.wants(kind)]})
    if request.method == "POST" and form.is_valid():
        wanted = set(form.cleaned_data["wanted"])
        # Kinds not offered to this user keep their setting.
        opted_out = (set(preference.opted_out) - set(kinds)) | (set(kinds) - wanted)
        reminders.set_preference(user=request.user, language=form.cleaned_data["language"],
                                 opted_out=opted_out)
        messages.success(request, _("Your reminder settings are saved."))
        return redirect("reminders:settings")
    return render(request, "lodging/reminders/settings.html", {
        "form": form, "has_email": bool(request.user.email), "kinds": kinds})


@never_cache
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    """GET asks (mail scanners open links), POST turns the kind off; no sign-in needed,
    the signed token is the proof."""
    found = reminders.read_unsubscribe_token(token)
    user = None
    if found is not None:
        user = get_user_model().objects.filter(pk=found[0], is_active=True).first()
    if user is None:
        return render(request, "lodging/reminders/unsubscribe.html", {"invalid": True},
                      status=404)
    kind = ReminderKind(found[1])
    done = False
    if request.method == "POST":
        reminders.opt_out(user=user, kind=kind)
        done = True
    return render(request, "lodging/reminders/unsubscribe.html", {
        "kind": kind, "done": done or not reminders.preference_for(user).wants(kind)})
