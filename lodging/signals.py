"""The one way a stay write tells the rest of the platform: `stays_written`.

Every write of `lodging.services` (registration, check-out, extension, correction,
cancellation) and the anonymisation of old stays send it inside their transaction, once
the stays and their history rows are written, with `stays` (the written Stay objects)
and `now`. Receivers write in the same transaction, so a failure rolls the whole write
back, and leave whatever goes outside the database (e-mails, Elasticsearch) to
`transaction.on_commit`. The receivers, in the order their apps are loaded:

- the stays index's outbox row (below), drained into Elasticsearch after commit;
- a notice of a late notification (`lodging.reminders`);
- the watchlist match and its alerts (`lodging.police.reminders`);
- the national portal's resend marks (`lodging.national.services`).
"""

from django.dispatch import Signal, receiver

from lodging.models import Stay
from search import outbox

stays_written = Signal()


@receiver(stays_written, dispatch_uid="lodging.index_written_stays")
def index_written_stays(sender, *, stays, **kwargs) -> None:
    outbox.enqueue(Stay._meta.label_lower, [stay.pk for stay in stays])
