"""Remove invisible characters (controls, zero-width and bidi format characters) from the
identity text of stays stored before the boundary rule existed, recompute the folded name
the police search and the watchlist compare, keep what was changed in the stay's history
and have the stays index refresh them."""

from django.db import migrations
from django.db.models import Q
from django.utils import timezone

TEXT_FIELDS = ("full_name", "address", "port_of_entry", "visa_type", "visa_number", "room",
               "reason", "phone")
# Candidates only (C0/C1 controls and the usual format characters); each row is then
# judged by the same rule as new input (cms.text.strip_invisible).
SUSPECT = (r"[\u0001-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e"
           r"\u2060-\u206f\ufeff\ufff9-\ufffb]")
REASON = ("Automatic cleaning: invisible control and format characters removed "
          "(migration lodging 0004).")


def clean_stays(apps, schema_editor):
    from lodging.identity import clean_document_number
    from cms.text import clean_identity_text, fold

    Stay = apps.get_model("lodging", "Stay")
    StayHistory = apps.get_model("lodging", "StayHistory")
    IndexOutbox = apps.get_model("search", "IndexOutbox")
    suspect = Q()
    for name in (*TEXT_FIELDS, "document_number"):
        suspect |= Q(**{f"{name}__regex": SUSPECT})
    now = timezone.now()
    for stay in Stay.objects.filter(suspect).iterator(chunk_size=500):
        changes = {}
        for name in TEXT_FIELDS:
            before = getattr(stay, name) or ""
            after = clean_identity_text(before)
            if after != before:
                changes[name] = [before, after]
                setattr(stay, name, after)
        number = clean_document_number(stay.document_number)
        if number != stay.document_number:
            changes["document_number"] = [stay.document_number, number]
            stay.document_number = number
        if not changes:
            continue
        stay.full_name_folded = fold(stay.full_name)
        stay.save(update_fields=[*changes, "full_name_folded"])
        StayHistory.objects.create(stay_id=stay.pk, user_id=stay.created_by_id, at=now,
                                   action="corrected", changes=changes, reason=REASON)
        IndexOutbox.objects.create(model_label="lodging.stay", object_id=str(stay.pk))


class Migration(migrations.Migration):
    dependencies = [
        ("lodging", "0003_stay_index_diet"),
        ("search", "0002_seed_synonyms"),
    ]

    operations = [migrations.RunPython(clean_stays, migrations.RunPython.noop)]
