"""Police pages: thin views over the jurisdiction selectors, each access audited."""

from datetime import date, timedelta
from functools import wraps

import tablib
from django.contrib import messages
from django.contrib.auth.views import LoginView
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cms import spreadsheets
from lodging.models import Establishment, EstablishmentKind
from lodging.national import selectors as national_selectors
from lodging.police import selectors, statistics, watchlist
from lodging.police import services as police_services
from lodging.police.audit import audit
from lodging.police.forms import (
    AcknowledgeForm,
    SearchForm,
    WatchlistEntryForm,
    WatchlistImportForm,
)
from lodging.police.models import AuditAction, WatchlistAlert, WatchlistEntry
from lodging.police.resources import PoliceStayResource

PAGE_SIZE = 50
EXPORT_FORMATS = {
    "csv": ("text/csv; charset=utf-8", "csv"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
}


class PoliceLoginView(LoginView):
    template_name = "police/login.html"
    redirect_authenticated_user = True

    def get_default_redirect_url(self):
        if selectors.is_auditor(self.request.user):
            return reverse("police:audit_log")
        return reverse("police:dashboard")


def _login_first(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect(f"{reverse('police:login')}?next={request.get_full_path()}")
        return view(request, *args, **kwargs)
    return wrapper


def officer_required(view):
    """Logged-in officers with a jurisdiction; everyone else is refused (403)."""
    @_login_first
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        request.jurisdiction = selectors.jurisdiction_for(request.user)
        return view(request, *args, **kwargs)
    return wrapper


@officer_required
def dashboard(request):
    context = selectors.dashboard(request.user)
    audit(request, AuditAction.VIEW_DASHBOARD, row_count=context["arrivals"].count())
    return render(request, "police/dashboard.html", context)


def _search_params(request) -> tuple[SearchForm, dict]:
    form = SearchForm(request.GET)
    form.is_valid()
    return form, {name: value for name, value in form.cleaned_data.items()
                  if value not in (None, "", False)}


def _audit_params(params: dict) -> dict:
    return {name: value.isoformat() if hasattr(value, "isoformat") else value
            for name, value in params.items()}


@officer_required
def search(request):
    form, params = _search_params(request)
    page = found = None
    if params:
        found = selectors.find_stays(request.user, params)
        page = Paginator(found.stays, PAGE_SIZE).get_page(request.GET.get("page"))
        audit(request, AuditAction.SEARCH, params=_audit_params(params),
              row_count=found.count)
    return render(request, "police/search.html", {
        "form": form, "page": page, "found": found,
        "query_string": request.GET.urlencode()})


@officer_required
def export(request, fmt):
    if fmt not in EXPORT_FORMATS:
        raise Http404
    _form, params = _search_params(request)
    stays = selectors.find_stays(request.user, params).stays
    dataset = PoliceStayResource().export(queryset=stays)
    audit(request, AuditAction.EXPORT, params={**_audit_params(params), "format": fmt},
          row_count=len(dataset))
    content_type, extension = EXPORT_FORMATS[fmt]
    response = HttpResponse(dataset.export(fmt), content_type=content_type)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="stays-{stamp}.{extension}"'
    return response


@officer_required
def timeline(request):
    document_type = request.GET.get("type", "")
    number = request.GET.get("number", "")
    stays = list(selectors.person_timeline(request.user, document_type, number))
    audit(request, AuditAction.TIMELINE, params={"document_type": document_type,
                                                 "document_number": number},
          row_count=len(stays), object_ref=f"{document_type}:{number}")
    return render(request, "police/timeline.html", {
        "stays": stays, "person": stays[-1] if stays else None,
        "document_type": document_type, "document_number": number})


@officer_required
def alerts(request):
    items = selectors.alerts_in_jurisdiction(request.user)[:200]
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
                              "full_name": entry.full_name, "reason": entry.reason})
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
    start = _parse_date(request.GET.get("from")) or today - timedelta(days=29)
    end = _parse_date(request.GET.get("to")) or today
    return (start, end) if start <= end else (end, start)


def _parse_date(value) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


@officer_required
def statistics_view(request):
    start, end = _period(request)
    tables = statistics.statistics(request.user, start=start, end=end)
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
        sections.append((name, titles[name], rows, table.totals, _bar_chart(rows)))
    return render(request, "police/statistics.html", {
        "sections": sections, "start": start, "end": end})


CHART_ROWS = 40
CHART_ROW_HEIGHT = 22


def _bar_chart(rows) -> dict:
    """Geometry of a server-drawn SVG bar chart (arrivals and guest-nights per row):
    charts without any JavaScript library or CDN."""
    rows = rows[:CHART_ROWS]
    top_arrivals = max((a for _k, a, _n in rows), default=0) or 1
    top_nights = max((n for _k, _a, n in rows), default=0) or 1
    bars = [{"label": str(label), "arrivals": a, "nights": n,
             "y": index * CHART_ROW_HEIGHT,
             "arrivals_width": round(200 * a / top_arrivals, 1),
             "nights_width": round(200 * n / top_nights, 1)}
            for index, (label, a, n) in enumerate(rows)]
    return {"bars": bars, "height": max(len(bars), 1) * CHART_ROW_HEIGHT}


ACTIVITY_DAYS = 30


@officer_required
def establishments(request):
    since = timezone.now() - timedelta(days=ACTIVITY_DAYS)
    places = selectors.establishment_activity(request.user, since=since)
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


@_login_first
def audit_log(request):
    events = selectors.audit_events(request.user, request.GET)
    # Reading the audit log is itself recorded: who watches the watchers.
    audit(request, AuditAction.VIEW_AUDIT_LOG, params=dict(request.GET.items()))
    if request.GET.get("format") == "csv":
        return _audit_csv(events)
    page = Paginator(events, 100).get_page(request.GET.get("page"))
    return render(request, "police/audit_log.html", {
        "page": page, "actions": AuditAction.choices, "filters": request.GET})


def _audit_csv(events) -> HttpResponse:
    data = tablib.Dataset(headers=["at", "user", "ip", "action", "params", "rows", "object"])
    for event in events.iterator():
        data.append([timezone.localtime(event.at).isoformat(), event.user.username,
                     event.ip or "", event.action, event.params, event.row_count,
                     event.object_ref])
    response = HttpResponse(data.export("csv"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="audit-log.csv"'
    return response
