"""Police pages: thin views over the jurisdiction selectors, each access audited."""

from datetime import date, timedelta
from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import LoginView
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cms import exports, spreadsheets
from cms.dates import parse_iso_date
from lodging.models import Establishment, EstablishmentKind, Stay
from lodging.national import selectors as national_selectors
from lodging.police import selectors, statistics, watchlist
from lodging.police import services as police_services
from lodging.police.audit import audit, audit_events, complaint_digests
from lodging.police.charts import bar_chart
from lodging.police.dashboard import shift_overview
from lodging.police.forms import (
    AcknowledgeForm,
    ComplaintForm,
    StaySearchForm,
    WatchlistEntryForm,
    WatchlistImportForm,
)
from lodging.police.models import AuditAction, WatchlistAlert, WatchlistEntry
from lodging.police.permissions import is_auditor, jurisdiction_for
from lodging.police.resources import PoliceStayResource
from lodging.police.searches import POLICE_SEARCHES, personal_fields_in
from lodging.police.stay_search import StaySearchParams, find_stays, iter_stays

PAGE_SIZE = 50
EXPORT_FORMATS = {
    "csv": ("text/csv; charset=utf-8", "csv"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
}


class PoliceLoginView(LoginView):
    template_name = "police/login.html"
    redirect_authenticated_user = True

    def get_default_redirect_url(self):
        if is_auditor(self.request.user):
            return reverse("police:audit_log")
        return reverse("police:dashboard")


def _login_first(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            # A URL with a name or number is refused after sign-in; it is not echoed
            # into the sign-in URL (another request line) on the way.
            target = (request.path if personal_fields_in(request.GET)
                      else request.get_full_path())
            return redirect(f"{reverse('police:login')}?{urlencode({'next': target})}")
        return view(request, *args, **kwargs)
    return wrapper


def officer_required(view):
    """Logged-in officers with a jurisdiction; everyone else is refused (403). The
    jurisdiction is resolved once, here, and every read of the view is scoped by it."""
    @_login_first
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        request.jurisdiction = jurisdiction_for(request.user)
        return view(request, *args, **kwargs)
    return wrapper


@officer_required
def dashboard(request):
    context = shift_overview(request.jurisdiction)
    audit(request, AuditAction.VIEW_DASHBOARD, row_count=context["arrivals"].count())
    return render(request, "police/dashboard.html", context)


def _filled(cleaned: dict) -> dict:
    return {name: value for name, value in cleaned.items() if value not in (None, "", False)}


def _refuse_personal_query(request, form=None):
    """A name, document number or birth date in the URL: refused, never served (it is in
    the access log already; serving it would teach the habit)."""
    messages.error(request, _("Names, document numbers and dates of birth are not accepted "
                              "in the address: use the search form."))
    return render(request, "police/search.html", {"form": form or StaySearchForm()},
                  status=400)


def _search_params(kept: dict) -> StaySearchParams:
    """The terms kept for a search, parsed by the form that took them."""
    form = StaySearchForm(kept)
    if not form.is_valid():
        raise ValidationError([message for messages_ in form.errors.values()
                               for message in messages_])
    return form.params


def _to_search(search_id: str) -> HttpResponseRedirect:
    return redirect(f"{reverse('police:search')}?{urlencode({'s': search_id})}")


@officer_required
def search(request):
    """POST the form (CSRF) → the terms are kept under an opaque id → results at ?s=id."""
    if request.method == "POST":
        form = StaySearchForm(request.POST)  # the bounds are checked before remembering
        if form.is_valid() and _filled(form.cleaned_data):
            return _to_search(POLICE_SEARCHES.remember(request, _filled(form.cleaned_data)))
        if form.is_valid():
            form.add_error(None, _("Give at least one search criterion."))
        return render(request, "police/search.html", {"form": form}, status=400)
    if personal_fields_in(request.GET):
        return _refuse_personal_query(request)
    search_id = request.GET.get("s", "")
    if not search_id:
        # Filters without personal data (a link to late notifications) become a search.
        form = StaySearchForm(request.GET or None)
        if form.is_bound and form.is_valid() and _filled(form.cleaned_data):
            return _to_search(POLICE_SEARCHES.remember(request, _filled(form.cleaned_data)))
        return render(request, "police/search.html", {"form": StaySearchForm()})
    params = POLICE_SEARCHES.recall(request, search_id)
    if params is None:
        messages.warning(request, _("That search has expired or belongs to another "
                                    "session: search again."))
        return render(request, "police/search.html", {"form": StaySearchForm()})
    try:
        found = find_stays(request.jurisdiction, _search_params(params))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return render(request, "police/search.html", {"form": StaySearchForm()}, status=400)
    page = Paginator(found.stays, PAGE_SIZE).get_page(request.GET.get("page"))
    audit(request, AuditAction.SEARCH, row_count=found.count,
          params={**params, "page": page.number if page.number > 1 else None})
    return render(request, "police/search.html", {
        "form": StaySearchForm(initial=params), "page": page, "found": found,
        "search_id": search_id})


@officer_required
def export(request, fmt):
    if fmt not in EXPORT_FORMATS:
        raise Http404
    if personal_fields_in(request.GET):
        return _refuse_personal_query(request)
    search_id = request.GET.get("s", "")
    params = POLICE_SEARCHES.recall(request, search_id) if search_id else {}
    if params is None:
        messages.warning(request, _("That search has expired or belongs to another "
                                    "session: search again."))
        return redirect("police:search")
    try:
        found = find_stays(request.jurisdiction, _search_params(params))
    except ValidationError as error:
        return HttpResponse(" ".join(error.messages), status=400,
                            content_type="text/plain; charset=utf-8")
    audit(request, AuditAction.EXPORT, params={**params, "format": fmt},
          row_count=found.count)
    resource = PoliceStayResource()
    # Every matching stay, read in batches as the file is written.
    rows = (resource.export_resource(stay) for stay in iter_stays(found.stays))
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return exports.download(f"stays-{stamp}.{EXPORT_FORMATS[fmt][1]}", fmt,
                            resource.get_export_headers(), rows, expected_rows=found.count,
                            title="stays")


@officer_required
def timeline(request, stay_id):
    """Every stay of the person of one stay (same document), keyed by the stay's id so
    that no document number is ever in the URL."""
    try:
        stay = selectors.get_stay(request.jurisdiction, stay_id)
    except Stay.DoesNotExist:
        raise Http404 from None
    stays = list(selectors.person_timeline_of(request.jurisdiction, stay))
    audit(request, AuditAction.TIMELINE, row_count=len(stays), object_ref=f"stay:{stay.pk}",
          params={"document_type": stay.document_type,
                  "document_number": stay.document_number})
    return render(request, "police/timeline.html", {
        "stays": stays, "person": stays[-1] if stays else stay,
        "document_type": stay.document_type, "document_number": stay.document_number})


@officer_required
def stay_detail(request, stay_id):
    """One stay as notified, with every correction made since (who, when, what, why)."""
    try:
        stay = selectors.get_stay(request.jurisdiction, stay_id)
    except Stay.DoesNotExist:
        raise Http404 from None
    audit(request, AuditAction.VIEW_STAY, row_count=1, object_ref=f"stay:{stay.pk}")
    return render(request, "police/stay.html", {"stay": stay})


@officer_required
def alerts(request):
    items = selectors.alerts_in_jurisdiction(request.jurisdiction)[:200]
    audit(request, AuditAction.VIEW_ALERTS, row_count=len(items))
    return render(request, "police/alerts.html", {"alerts": items, "form": AcknowledgeForm()})


@require_POST
@officer_required
def acknowledge(request, alert_id):
    form = AcknowledgeForm(request.POST)
    if form.is_valid():
        try:
            watchlist.acknowledge_alert(user=request.user, alert_id=alert_id,
                                        note=form.cleaned_data["note"])
        except WatchlistAlert.DoesNotExist:
            raise Http404 from None
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            audit(request, AuditAction.ALERT_ACK, object_ref=f"alert:{alert_id}",
                  params={"note": form.cleaned_data["note"]})
            messages.success(request, _("Alert acknowledged."))
    else:
        messages.error(request, _("Write a note on what was done."))
    return redirect("police:alerts")


@officer_required
def watchlist_view(request):
    officer = request.jurisdiction.officer
    form = WatchlistEntryForm(request.POST or None)
    if request.method == "POST":
        if not officer.can_manage_watchlist:
            raise PermissionDenied
        if form.is_valid():
            try:
                entry = watchlist.add_watchlist_entry(user=request.user, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                audit(request, AuditAction.WATCHLIST_ADD, object_ref=f"watchlist:{entry.pk}",
                      params={"document_number": entry.document_number,
                              "full_name": entry.full_name,
                              "date_of_birth": entry.date_of_birth})
                messages.success(request, _("Added to the watchlist."))
                return redirect("police:watchlist")
    entries = list(WatchlistEntry.objects.order_by("-active", "-created_at")[:500])
    audit(request, AuditAction.VIEW_WATCHLIST, row_count=len(entries))
    return render(request, "police/watchlist.html", {
        "entries": entries, "form": form, "can_manage": officer.can_manage_watchlist,
        "import_form": WatchlistImportForm()})


MAX_IMPORT_BYTES = 2 * 1024 * 1024


@require_POST
@officer_required
def watchlist_import(request):
    if not request.jurisdiction.officer.can_manage_watchlist:
        raise PermissionDenied
    form = WatchlistImportForm(request.POST, request.FILES)
    if not form.is_valid():
        for message in form.errors.get("file") or [_("Choose a spreadsheet to import.")]:
            messages.error(request, message)
        return redirect("police:watchlist")
    upload = form.cleaned_data["file"]
    try:
        dataset = spreadsheets.read_dataset(upload.name, file=upload,
                                            max_bytes=MAX_IMPORT_BYTES)
    except spreadsheets.SpreadsheetError as error:
        messages.error(request, str(error))
        return redirect("police:watchlist")
    try:
        entries = watchlist.import_watchlist(user=request.user, dataset=dataset)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        audit(request, AuditAction.WATCHLIST_IMPORT, params={"file": upload.name},
              row_count=len(entries))
        messages.success(request, _("%(count)s entries added to the watchlist.")
                         % {"count": len(entries)})
    return redirect("police:watchlist")


@require_POST
@officer_required
def watchlist_toggle(request, entry_id):
    try:
        entry = WatchlistEntry.objects.get(pk=entry_id)
    except WatchlistEntry.DoesNotExist:
        raise Http404 from None
    watchlist.change_watchlist_entry(user=request.user, entry=entry, active=not entry.active,
                                     expires_at=entry.expires_at)
    audit(request, AuditAction.WATCHLIST_CHANGE, object_ref=f"watchlist:{entry.pk}",
          params={"active": entry.active})
    return redirect("police:watchlist")


def _period(request) -> tuple[date, date]:
    today = timezone.localdate()
    start = parse_iso_date(request.GET.get("from")) or today - timedelta(days=29)
    end = parse_iso_date(request.GET.get("to")) or today
    return (start, end) if start <= end else (end, start)


@officer_required
def statistics_view(request):
    start, end = _period(request)
    tables = statistics.statistics(request.jurisdiction, start=start, end=end)
    titles = {"day": _("By day"), "week": _("By week"), "month": _("By month"),
              "nationality": _("By nationality"), "commune": _("By commune"),
              "kind": _("By establishment kind"), "origin": _("Foreigners and Vietnamese")}
    audit(request, AuditAction.VIEW_STATISTICS,
          params={"from": start.isoformat(), "to": end.isoformat(),
                  "format": request.GET.get("format", "")})
    if request.GET.get("format") == "xlsx":
        content = statistics.as_databook(tables, titles, (_("Arrivals"), _("Guest-nights")))
        response = HttpResponse(content, content_type=EXPORT_FORMATS["xlsx"][0])
        response["Content-Disposition"] = (
            f'attachment; filename="statistics-{start:%Y%m%d}-{end:%Y%m%d}.xlsx"')
        return response
    labels = {"foreigners": _("Foreigners"), "vietnamese": _("Vietnamese"),
              **dict(EstablishmentKind.choices)}
    sections = []
    for name, table in tables.items():
        rows = [(labels.get(key, key), a, n) for key, a, n in table.rows()]
        sections.append((name, titles[name], rows, table.totals, bar_chart(rows)))
    return render(request, "police/statistics.html", {
        "sections": sections, "start": start, "end": end})


ACTIVITY_DAYS = 30


@officer_required
def establishments(request):
    since = timezone.now() - timedelta(days=ACTIVITY_DAYS)
    places = statistics.establishment_activity(request.jurisdiction, since=since)
    national_selectors.attach_verified_share(places, since=since)
    audit(request, AuditAction.VIEW_ESTABLISHMENTS, row_count=len(places))
    return render(request, "police/establishments.html", {
        "establishments": places, "days": ACTIVITY_DAYS})


@require_POST
@officer_required
def establishment_status(request, establishment_id):
    suspend = request.POST.get("action") == "suspend"
    try:
        place = police_services.set_establishment_status(
            user=request.user, establishment_id=establishment_id, suspend=suspend,
            reason=request.POST.get("reason", ""))
    except Establishment.DoesNotExist:
        raise Http404 from None
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        audit(request, AuditAction.SUSPEND if suspend else AuditAction.REACTIVATE,
              object_ref=f"establishment:{place.code}",
              params={"reason": place.suspension_reason})
        messages.success(request, _("Suspended.") if suspend else _("Reactivated."))
    return redirect("police:establishments")


AUDIT_FILTERS = ("user", "action", "from", "to", "format", "page")


@_login_first
def audit_log(request):
    if request.method == "POST":
        return _match_complaint(request)
    events = audit_events(request.user, request.GET)
    matches = complaint_digests(request.GET)
    if request.GET.get("format") == "csv":
        response = _audit_csv(events)
    else:
        page = Paginator(events, 100).get_page(request.GET.get("page"))
        list(page.object_list)  # read before this visit's own event is written
        response = None
    # Reading the audit log is itself recorded: who watches the watchers.
    audit(request, AuditAction.VIEW_AUDIT_LOG, params={
        **{name: request.GET.get(name) for name in AUDIT_FILTERS}, "terms": matches})
    if response is not None:
        return response
    return render(request, "police/audit_log.html", {
        "page": page, "actions": AuditAction.choices, "filters": request.GET,
        "matching": bool(matches), "complaint_form": ComplaintForm(),
        "query": urlencode({name: value for name, value in request.GET.items()
                            if name != "page"})})


def _match_complaint(request):
    """An auditor types the name, number or birth date of a complaint; the server hashes
    them and shows the events that looked for them. Only the hashes reach the URL."""
    if not is_auditor(request.user):
        raise PermissionDenied
    form = ComplaintForm(request.POST)
    if not form.is_valid() or not form.digests():
        messages.error(request, _("Type a name, a document number or a date of birth."))
        return redirect("police:audit_log")
    query = {f"match_{kind}": digest for kind, digest in form.digests().items()}
    return redirect(f"{reverse('police:audit_log')}?{urlencode(query)}")


def _audit_csv(events) -> HttpResponse:
    rows = ([timezone.localtime(event.at).isoformat(), event.user.username, event.ip or "",
             event.action, "; ".join(f"{k}={v}" for k, v in event.public_params.items()),
             ", ".join(event.searched_for), event.row_count, event.object_ref]
            for event in events.iterator())
    return exports.download("audit-log.csv", "csv",
                            ["at", "user", "ip", "action", "params", "searched_for", "rows",
                             "object"], rows, expected_rows=events.count())
