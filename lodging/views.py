"""Hotel UI: thin views over lodging.services (writes) and lodging.selectors (reads)."""

import json
from functools import wraps

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST
from django.views.i18n import JavaScriptCatalog

from lodging import receipts, selectors, services, webapp
from lodging.cccd_provinces import CCCD_PROVINCE_CODES, CENTURY_BY_DIGIT
from lodging.countries import countries
from lodging.forms import (
    CorrectionForm,
    ExtendForm,
    GuestFormSet,
    ReasonForm,
    StayGroupForm,
)
from lodging.identity import CAN_CUOC_FROM
from lodging.models import Channel, Stay, Submission
from lodging.scanning import ScanError, parse_cccd_qr, parse_mrz
from lodging.searches import STAFF_SEARCH_FIELD, STAFF_SEARCHES
from lodging.services import RegistrationError

HISTORY_PAGE_SIZE = 50


def staff_required(view):
    """Signed-in staff of at least one establishment; other accounts get a 403 page."""
    @login_required(login_url="lodging:login")
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not selectors.establishments_for_user(request.user).exists():
            return _no_establishment(request)
        return view(request, *args, **kwargs)
    return wrapper


def owner_required(view):
    """Staff who own the current establishment: history and exports. Receptionists get a
    403 page saying who may."""
    @staff_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        establishment, _establishments = _current_establishment(request)
        if establishment is None or not selectors.is_owner_of(request.user, establishment):
            return render(request, "lodging/owner_only.html",
                          {"establishment": establishment}, status=403)
        return view(request, *args, **kwargs)
    return wrapper


def home_for(user) -> str:
    """Where a sign-in without `next` lands: each kind of account on its own start page."""
    from lodging.police.permissions import is_auditor, officer_for

    if officer_for(user) is not None:
        return reverse("police:audit_log" if is_auditor(user) else "police:dashboard")
    if selectors.establishments_for_user(user).exists():
        return reverse("lodging:dashboard")
    if user.is_superuser or user.has_perm("wagtailadmin.access_admin"):
        return reverse("wagtailadmin_home")
    return "/"


class StaffLoginView(auth_views.LoginView):
    template_name = "lodging/login.html"
    redirect_authenticated_user = True

    def get_default_redirect_url(self):
        return home_for(self.request.user)


def _safe_next(request, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return fallback


def _current_establishment(request):
    establishments = list(selectors.establishments_for_user(request.user))
    code = request.GET.get("e") or request.session.get("establishment")
    chosen = next((e for e in establishments if e.code == code), None)
    chosen = chosen or (establishments[0] if establishments else None)
    if chosen:
        request.session["establishment"] = chosen.code
    return chosen, establishments


def _no_establishment(request):
    return render(request, "lodging/no_establishment.html", status=403)


@staff_required
def dashboard(request):
    establishment, establishments = _current_establishment(request)
    if establishment is None:
        return _no_establishment(request)
    return render(request, "lodging/dashboard.html", {
        "establishment": establishment, "establishments": establishments,
        **selectors.dashboard_lists(request.user, establishment),
    })


@staff_required
def register(request):
    establishment, establishments = _current_establishment(request)
    if establishment is None:
        return _no_establishment(request)
    group = StayGroupForm(request.POST or None, establishments=establishments,
                          initial={"establishment": establishment.code})
    guests = GuestFormSet(request.POST or None, prefix="guest")
    if request.method == "POST" and group.is_valid() and guests.is_valid():
        chosen = next((e for e in establishments
                       if e.code == group.cleaned_data["establishment"]), establishment)
        shared = {k: group.cleaned_data[k] for k in ("room", "arrival", "expected_departure",
                                                     "reason")}
        forms = [form for form in guests if form.cleaned_data and not form.is_blank()]
        rows = [{**form.guest_data(), **shared,
                 "confirm_short_permitted_stay": group.confirmed_short_stay()}
                for form in forms]
        try:
            submission = services.register_stays(user=request.user, establishment=chosen,
                                                 guests=rows, channel=Channel.FORM)
        except RegistrationError as error:
            if any(e.code == services.SHORT_PERMITTED_STAY for e in error.errors):
                group.ask_to_confirm_short_stay()
            _attach_errors(error, group, forms or list(guests))
        else:
            messages.success(request, _("Registered %(count)s guest(s). Receipt %(code)s.")
                             % {"count": len(rows), "code": submission.receipt_code})
            return redirect("lodging:receipt", code=submission.receipt_code)
    language = "vi" if (get_language() or "vi").startswith("vi") else "en"
    return render(request, "lodging/register.html", {
        "establishment": establishment, "establishments": establishments,
        "group": group, "guests": guests, "countries": countries(language),
        "error_summary": _error_summary(group, guests) if request.method == "POST" else [],
        "language": language,
        # The card rules for the script that reads the QR code in the browser, from
        # the same data the server checks with (lodging.identity).
        "cccd_rules": {"provinces": sorted(CCCD_PROVINCE_CODES),
                       "centuries": {str(k): v for k, v in CENTURY_BY_DIGIT.items()},
                       "can_cuoc_from": CAN_CUOC_FROM.isoformat()},
        "remote": {e.code: e.is_remote for e in establishments},
        "utc_offset": _utc_offset()})


def _error_summary(group, guests) -> list[tuple[str, str]]:
    """(anchor, text) of every error of a failed submit, in the order of the form."""
    summary = [("register-form", str(e)) for e in group.non_field_errors()]
    for field in group:
        anchor = field.id_for_label if field.name != "establishment" else "register-form"
        summary += [(anchor, f"{field.label}: {e}") for e in field.errors]
    for number, form in enumerate(guests, start=1):
        guest = _("Guest %(number)s") % {"number": number}
        summary += [(f"guest-{number}", f"{guest}: {e}") for e in form.non_field_errors()]
        for field in form:
            summary += [(field.id_for_label, f"{guest}, {field.label}: {e}")
                        for e in field.errors]
    return summary


def _utc_offset() -> str:
    offset = timezone.localtime().strftime("%z")  # Asia/Ho_Chi_Minh: +0700, no DST
    return f"{offset[:3]}:{offset[3:]}"


@require_GET
def service_worker(request):
    response = render(request, "lodging/sw.js", {
        "version": webapp.version(), "scope": webapp.scope(), "assets": webapp.asset_urls(),
        "pages": webapp.offline_pages(), "register_url": reverse("lodging:register"),
        "offline_url": reverse("lodging:offline")},
        content_type="text/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = webapp.scope()
    response["Cache-Control"] = "no-cache"
    return response


@require_GET
def manifest(request):
    return JsonResponse(webapp.manifest(), content_type="application/manifest+json",
                        json_dumps_params={"ensure_ascii": False})


@require_GET
def offline(request):
    """What the app shows for a page it cannot open without a connection."""
    return render(request, "lodging/offline.html")


@never_cache
@require_GET
def csrf(request):
    """A fresh CSRF token for the offline queue (the one in a page kept offline may be
    stale), and who is signed in, so a queue is only sent by the person who filled it."""
    user = request.user.get_username() if request.user.is_authenticated else None
    return JsonResponse({"token": get_token(request), "user": user})


javascript_catalog = JavaScriptCatalog.as_view(packages=["lodging"])


def _attach_errors(error: RegistrationError, group, forms) -> None:
    shared_done = set()
    for row_error in error.errors:
        field = {"qr": "scan", "mrz": "scan"}.get(row_error.field, row_error.field)
        if field in group.fields and field != "establishment":
            if (field, row_error.message) not in shared_done:
                group.add_error(field, row_error.message)
                shared_done.add((field, row_error.message))
            continue
        form = forms[row_error.row] if row_error.row < len(forms) else forms[0]
        form.add_error(field if field in form.fields else None, row_error.message)


@staff_required
@require_POST
def scan(request):
    """Fields from a scanned QR or MRZ, for the form's script (rules stay in Python)."""
    text = request.POST.get("text", "")
    try:
        fields = parse_cccd_qr(text) if "|" in text else parse_mrz(text)
    except ScanError as error:
        return JsonResponse({"errors": error.errors}, status=400)
    return JsonResponse({"fields": json.loads(json.dumps(fields, default=str))})


def _stay_or_404(request, stay_id) -> Stay:
    try:
        return selectors.get_stay_for_user(request.user, stay_id)
    except Stay.DoesNotExist:
        raise Http404(_("No such stay at your establishments.")) from None


@staff_required
def stay_detail(request, stay_id):
    stay = _stay_or_404(request, stay_id)
    return render(request, "lodging/stay_detail.html", {
        "stay": stay, "history": stay.history.select_related("user"),
        "extend_form": ExtendForm(initial={"expected_departure": stay.expected_departure},
                                  foreigner=stay.is_foreigner),
        "correction_form": CorrectionForm(prefix="fix"), "cancel_form": ReasonForm(
            prefix="cancel")})


def _run(request, stay, action, **kwargs):
    try:
        action(user=request.user, stay=stay, **kwargs)
    except RegistrationError as error:
        for row_error in error.errors:
            messages.error(request, row_error.message)
        return False
    return True


@staff_required
@require_POST
def checkout(request, stay_id):
    stay = _stay_or_404(request, stay_id)
    if _run(request, stay, services.checkout_stay):
        messages.success(request, _("%(name)s checked out.") % {"name": stay.full_name})
    return redirect(_safe_next(request, reverse("lodging:dashboard")))


@staff_required
@require_POST
def extend(request, stay_id):
    stay = _stay_or_404(request, stay_id)
    form = ExtendForm(request.POST, foreigner=stay.is_foreigner)
    if form.is_valid() and _run(request, stay, services.extend_stay, **form.cleaned_data):
        messages.success(request, _("Stay extended."))
    elif not form.is_valid():
        messages.error(request, _("Enter the new expected departure."))
    return redirect("lodging:stay", stay_id=stay.pk)


@staff_required
@require_POST
def correct(request, stay_id):
    stay = _stay_or_404(request, stay_id)
    form = CorrectionForm(request.POST, prefix="fix")
    if not form.is_valid():
        messages.error(request, _("Give the reason for the correction."))
    elif _run(request, stay, services.correct_stay, changes=form.changes(stay),
              reason=form.cleaned_data["reason"]):
        messages.success(request, _("Correction saved; the previous values are kept in the "
                                    "history."))
    return redirect("lodging:stay", stay_id=stay.pk)


@staff_required
@require_POST
def cancel(request, stay_id):
    stay = _stay_or_404(request, stay_id)
    form = ReasonForm(request.POST, prefix="cancel")
    if form.is_valid() and _run(request, stay, services.cancel_stay,
                                reason=form.cleaned_data["reason"]):
        messages.success(request, _("Stay cancelled."))
    elif not form.is_valid():
        messages.error(request, _("Give the reason for cancelling."))
    return redirect("lodging:stay", stay_id=stay.pk)


@staff_required
def receipt(request, code):
    submission = (Submission.objects
                  .filter(establishment__in=selectors.establishments_for_user(request.user))
                  .select_related("establishment", "establishment__commune", "submitted_by")
                  .filter(receipt_code=code).first())
    # Its stays as this user may see them (a receptionist: today's guests only).
    stays = (selectors.stays_for_user(request.user).filter(submission=submission)
             .order_by("id") if submission is not None else Stay.objects.none())
    if submission is None or not stays:
        raise Http404(_("No such receipt at your establishments."))
    response = render(request, "lodging/receipt.html", {
        "submission": submission, "stays": stays,
        "download": "download" in request.GET})
    if "download" in request.GET:
        response["Content-Disposition"] = f'attachment; filename="receipt-{code}.html"'
    return response


@staff_required
def receipt_pdf(request, code):
    submission = selectors.submission_for_user(request.user, code)
    if submission is None:
        raise Http404(_("No such receipt at your establishments."))
    return receipts.pdf_response(submission, request)


def search_terms_not_in_url(view):
    """The search box of past stays in a URL (`?q=`) is refused: it takes names and
    document numbers. Signed out, the sign-in's `next` is the bare path (the terms are not
    copied into one more URL); signed in, a 400 that points to the form (serving it would
    teach the habit)."""
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if STAFF_SEARCH_FIELD not in request.GET:
            return view(request, *args, **kwargs)
        if not request.user.is_authenticated:
            return redirect_to_login(request.path, reverse("lodging:login"))
        return render(request, "lodging/search_in_url.html", status=400)
    return wrapper


def kept_search(request) -> dict | None:
    """The past-stays search the URL's opaque `s` names ({} without one); None, with a
    message, when it expired or belongs to another session."""
    search_id = request.GET.get("s", "")
    params = STAFF_SEARCHES.recall(request, search_id) if search_id else {}
    if params is None:
        messages.warning(request, _("That search has expired or belongs to another "
                                    "session: search again."))
    return params


@search_terms_not_in_url
@owner_required
def history(request):
    """POST the search box (CSRF) → the terms are kept under an opaque id → ?s=id."""
    establishment, establishments = _current_establishment(request)
    if establishment is None:
        return _no_establishment(request)
    if request.method == "POST":
        query = request.POST.get(STAFF_SEARCH_FIELD, "").strip()
        if not query:
            return redirect("lodging:history")
        search_id = STAFF_SEARCHES.remember(request, {STAFF_SEARCH_FIELD: query})
        return redirect(f"{reverse('lodging:history')}?{urlencode({'s': search_id})}")
    params = kept_search(request)
    search_id = request.GET.get("s", "") if params else ""
    query = (params or {}).get(STAFF_SEARCH_FIELD, "")
    stays = selectors.search_stays(request.user, query, establishment)
    page = Paginator(stays.select_related("submission"), HISTORY_PAGE_SIZE).get_page(
        request.GET.get("page"))
    return render(request, "lodging/history.html", {
        "establishment": establishment, "establishments": establishments,
        "page": page, "q": query, "search_id": search_id})


