"""The public verification of a receipt: /verify/ (type the code) and /verify/<code>/
(what the receipt's QR code opens). Signed out; nothing personal is ever shown."""

from django import forms
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from lodging.receipts import clean_code, find_submission, proof_of, verification_url
from lodging.throttling import ReceiptLookupThrottle


class VerifyForm(forms.Form):
    code = forms.CharField(label=gettext_lazy("Receipt code"), max_length=40,
                           widget=forms.TextInput(attrs={
                               "placeholder": "LC-261128-ABC234", "autocomplete": "off",
                               "autocapitalize": "characters", "spellcheck": "false"}))


def _throttled(request):
    throttle = ReceiptLookupThrottle()
    if throttle.allow_request(request, None):
        return None
    wait = int(throttle.wait() or 60)
    response = render(request, "lodging/verification/verify.html", {
        "form": VerifyForm(), "throttled": True, "wait_minutes": max(1, round(wait / 60))},
        status=429)
    response["Retry-After"] = str(wait)
    return response


@require_GET
@never_cache
def verify_form(request):
    form = VerifyForm(request.GET if "code" in request.GET else None)
    if form.is_bound and form.is_valid():
        return redirect("verification:receipt", code=clean_code(form.cleaned_data["code"]))
    return render(request, "lodging/verification/verify.html", {"form": form})


@require_GET
@never_cache
def verify_receipt(request, code):
    refused = _throttled(request)
    if refused is not None:
        return refused
    submission = find_submission(code)
    if submission is None:
        return render(request, "lodging/verification/verify.html", {
            "form": VerifyForm(initial={"code": code}), "unknown": True,
            "error": _("No notification has this receipt code. Check the code on the "
                       "receipt.")}, status=404)
    return render(request, "lodging/verification/verify.html", {
        "form": VerifyForm(), "proof": proof_of(submission),
        "url": verification_url(submission.receipt_code, request)})
