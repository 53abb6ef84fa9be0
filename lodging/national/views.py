"""Staff page "Khai báo lên Cổng quốc gia" (/stays/national/): thin views over the ledger."""

from datetime import date, timedelta

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cms import spreadsheets
from lodging.national import selectors, services, transports
from lodging.national.api import file_response
from lodging.national.exporters import EXCEL_WARNING
from lodging.national.models import BatchKind, BatchState, NationalBatch, TransportName
from lodging.national.records import kind_of
from lodging.views import _current_establishment, _no_establishment, staff_required

UNDELIVERED_SHOWN = 100


def _period(request) -> tuple[date, date]:
    today = timezone.localdate()
    try:
        date_from = date.fromisoformat(request.POST.get("date_from") or
                                       request.GET.get("date_from") or "")
    except ValueError:
        date_from = today - timedelta(days=1)
    try:
        date_to = date.fromisoformat(request.POST.get("date_to") or
                                     request.GET.get("date_to") or "")
    except ValueError:
        date_to = today
    return date_from, date_to


def _render(request, establishment, establishments, *, error=None, status=200):
    now = timezone.now()
    date_from, date_to = _period(request)
    waiting = list(selectors.undelivered(establishment)[:UNDELIVERED_SHOWN])
    for stay in waiting:
        stay.kind = kind_of(stay)
        stay.overdue = selectors.overdue(stay, now)
    batches = list(selectors.batches_for_user(request.user)
                   .filter(establishment=establishment)[:20])
    return render(request, "national/page.html", {
        "establishment": establishment, "establishments": establishments,
        "waiting": waiting, "waiting_total": selectors.undelivered_count(establishment),
        # Counted in the database: the list shows only the first UNDELIVERED_SHOWN guests.
        "overdue": selectors.overdue_count(establishment, now),
        "refused": [stay for stay in waiting if stay.refused_because],
        "refused_total": selectors.refused_by_api(establishment).count(),
        "refused_periods": selectors.refused_periods(establishment),
        "api_transport": transports.default_name() == TransportName.HTTP,
        "by_kind": {kind: sum(1 for s in waiting if s.kind == kind) for kind in BatchKind},
        "cancelled": selectors.cancelled_after_delivery(establishment)[:20],
        "batches": batches, "new": request.GET.get("new"), "error": error,
        "date_from": date_from, "date_to": date_to, "kinds": BatchKind,
        "states": BatchState, "excel_warning": EXCEL_WARNING,
        "counts": selectors.status_counts(establishment),
    }, status=status)


@staff_required
def page(request):
    establishment, establishments = _current_establishment(request)
    if establishment is None:
        return _no_establishment(request)
    return _render(request, establishment, establishments)


@staff_required
@require_POST
def create(request):
    establishment, establishments = _current_establishment(request)
    if establishment is None:
        return _no_establishment(request)
    date_from, date_to = _period(request)
    # A file can always be asked for (what the portal's API refused goes that way).
    transport = request.POST.get("transport")
    try:
        batch = services.create_batch(user=request.user, establishment=establishment,
                                      kind=request.POST.get("kind", ""),
                                      date_from=date_from, date_to=date_to,
                                      transport=transport if transport in TransportName.values
                                      else None)
    except services.NationalError as error:
        return _render(request, establishment, establishments, error=error, status=400)
    if batch.transport == TransportName.HTTP:
        messages.success(request, _("Batch of %(count)s guest(s) being sent through the "
                                    "portal's API.") % {"count": batch.count})
    else:
        messages.success(request, _("Batch of %(count)s guest(s) ready: download the file "
                                    "and import it on the portal.") % {"count": batch.count})
    return redirect(f"{reverse('lodging:national:page')}?new={batch.pk}#batch-{batch.pk}")


def _batch(request, batch_id) -> NationalBatch:
    try:
        return selectors.batch_file(request.user, batch_id)
    except NationalBatch.DoesNotExist:
        raise Http404 from None


@staff_required
def download(request, batch_id):
    return file_response(_batch(request, batch_id))


@staff_required
@require_POST
def reconcile(request, batch_id):
    batch = _batch(request, batch_id)
    upload = request.FILES.get("portal_list")
    try:
        if upload:
            try:
                dataset = spreadsheets.read_dataset(upload.name, file=upload)
            except spreadsheets.SpreadsheetError as error:
                raise services.NationalError(str(error)) from None
            rows = [list(dataset.headers or [])] + [list(row) for row in dataset]
            batch = services.reconcile_with_list(user=request.user, batch=batch, rows=rows)
        else:
            try:
                seen = int((request.POST.get("seen") or "").strip())
            except ValueError:
                raise services.NationalError(_(
                    "Type the number of records the portal shows (0 or more).")) from None
            batch = services.reconcile_batch(user=request.user, batch=batch, seen=seen)
    except services.NationalError as error:
        messages.error(request, error.message)
    else:
        if batch.state == BatchState.VERIFIED:
            messages.success(request, _("Confirmed: the portal holds all %(count)s record(s).")
                             % {"count": batch.count})
        else:
            messages.error(request, _(
                "The portal holds %(seen)s of %(count)s record(s): the batch failed and its "
                "guests are waiting to be sent again.") % {"seen": batch.seen_count,
                                                          "count": batch.count})
    return redirect(f"{reverse('lodging:national:page')}#batch-{batch.pk}")
