"""Two-factor authentication for the accounts that can see personal data.

Superusers, police accounts and establishment owners (the functions listed in
`settings.TWO_FACTOR_REQUIRED_FOR` decide) must confirm a one-time code from an
authenticator app (TOTP, RFC 6238) after their password. django-otp keeps the devices
and marks the session verified; this module adds the policy, the middleware that holds
an unverified session at the second step, and the two pages: set up a device (first
time) and enter a code (every login). Ten single-use backup codes are issued at setup
for a lost phone; an administrator can delete a user's devices to let them start over.

The API's token endpoint asks the same people for `otp` beside the password
(cms/api_auth.py); tokens themselves are bearer credentials for integrations.
"""

import base64
from functools import cache

import qrcode
import qrcode.image.svg
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.module_loading import import_string
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django_otp import devices_for_user, match_token
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

BACKUP_CODES = 10
# Views an unverified session may still reach: the two steps themselves and the way out;
# the other apps' ways out are named by the project (settings.TWO_FACTOR_OPEN_VIEWS).
OWN_OPEN_VIEWS = {"two_factor:verify", "two_factor:setup", "two_factor:backup_codes",
                  "two_factor:sign_out", "set_language"}


@cache
def open_views() -> frozenset[str]:
    return frozenset(OWN_OPEN_VIEWS | set(settings.TWO_FACTOR_OPEN_VIEWS))


@cache
def _policies():
    return [import_string(path) for path in settings.TWO_FACTOR_REQUIRED_FOR]


def requires_two_factor(user) -> bool:
    if not settings.TWO_FACTOR_ENFORCED or not user.is_authenticated:
        return False
    return user.is_superuser or any(policy(user) for policy in _policies())


def has_device(user) -> bool:
    return any(True for _device in devices_for_user(user, confirmed=True))


def verify_code(user, code: str):
    """The device that accepts `code` (TOTP or an unused backup code), or None.

    django-otp throttles each device: every wrong code doubles the wait before the next.
    """
    code = "".join((code or "").split())
    if not code:
        return None
    return match_token(user, code)


class TwoFactorMiddleware:
    """Holds a signed-in but unverified session at the second step, wherever it goes."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not user.is_authenticated or user.is_verified():
            return None
        if request.resolver_match.view_name in open_views() or not requires_two_factor(user):
            return None
        if request.path_info.startswith("/api/"):
            return JsonResponse({"detail": _("Two-factor authentication is required: "
                                             "sign in on the website first.")}, status=403)
        step = "two_factor:verify" if has_device(user) else "two_factor:setup"
        return redirect(_step_url(step, _safe_next(request, request.get_full_path())))


def _step_url(view_name: str, target: str) -> str:
    return f"{reverse(view_name)}?{urlencode({'next': target})}"


def _safe_next(request, target: str | None) -> str:
    if target and url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return "/"


class CodeForm(forms.Form):
    code = forms.CharField(label=gettext_lazy("Code"), max_length=16,
                           widget=forms.TextInput(attrs={
                               "autocomplete": "one-time-code", "inputmode": "numeric",
                               "autofocus": True}))


def _qr_svg(uri: str) -> str:
    image = qrcode.make(uri, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    return image.to_string(encoding="unicode")


@never_cache
@login_required
def setup(request):
    """First sign-in: scan the QR code into an authenticator app, confirm one code."""
    user = request.user
    if has_device(user):
        return redirect(_step_url("two_factor:verify",
                                  _safe_next(request, request.GET.get("next"))))
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=_("Authenticator app"),
                                           confirmed=False)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token("".join(form.cleaned_data["code"].split())):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            _verified(request, device)
            request.session["two_factor_backup_codes"] = _issue_backup_codes(user)
            return redirect(_step_url("two_factor:backup_codes",
                                      _safe_next(request, request.POST.get("next"))))
        form.add_error("code", _("That code is not right. Check the time on your phone "
                                 "and enter the code the app shows now."))
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    return render(request, "cms/two_factor/setup.html", {
        "form": form, "qr_svg": mark_safe(_qr_svg(device.config_url)),  # noqa: S308 (our SVG)
        "secret": " ".join(secret[i:i + 4] for i in range(0, len(secret), 4)),
        "next": _safe_next(request, request.GET.get("next") or request.POST.get("next")),
    })


def _verified(request, device) -> None:
    """Mark the session verified under a new session key: a key seen before the second
    factor (planted, or read over a shoulder) is worth nothing after it."""
    request.session.cycle_key()
    otp_login(request, device)


def _issue_backup_codes(user) -> list[str]:
    device, _created = StaticDevice.objects.get_or_create(
        user=user, name="backup", defaults={"confirmed": True})
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(BACKUP_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


@never_cache
@login_required
def backup_codes(request):
    """Shown once, right after setup: the session forgets them when the page is seen."""
    codes = request.session.pop("two_factor_backup_codes", None)
    if not codes:
        return redirect(_safe_next(request, request.GET.get("next")))
    return render(request, "cms/two_factor/backup_codes.html", {
        "codes": codes, "next": _safe_next(request, request.GET.get("next"))})


@never_cache
@login_required
def verify(request):
    """Every sign-in of an account that needs it: the code from the app, or a backup code."""
    user = request.user
    target = _safe_next(request, request.GET.get("next") or request.POST.get("next"))
    if user.is_verified():
        return redirect(target)
    if not has_device(user):
        return redirect(_step_url("two_factor:setup", target))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = verify_code(user, form.cleaned_data["code"])
        if device is not None:
            _verified(request, device)
            if isinstance(device, StaticDevice):
                messages.warning(request, _("You used a backup code; each works only once."))
            return redirect(target)
        form.add_error("code", _("That code is not right or has expired. Wait a moment "
                                 "and try the new code."))
    return render(request, "cms/two_factor/verify.html", {"form": form, "next": target})
