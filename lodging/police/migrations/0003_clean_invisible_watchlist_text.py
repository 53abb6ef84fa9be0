"""Remove invisible characters from watchlist names and numbers stored before the boundary
rule, and recompute the folded name that registrations are matched against."""

from django.db import migrations


def clean_entries(apps, schema_editor):
    from lodging.identity import clean_document_number
    from cms.text import clean_identity_text, fold

    WatchlistEntry = apps.get_model("police", "WatchlistEntry")
    for entry in WatchlistEntry.objects.iterator(chunk_size=500):
        name = clean_identity_text(entry.full_name)
        number = clean_document_number(entry.document_number)
        folded = fold(name)
        if (name, number, folded) != (entry.full_name, entry.document_number,
                                      entry.full_name_folded):
            entry.full_name, entry.document_number = name, number
            entry.full_name_folded = folded
            entry.save(update_fields=["full_name", "document_number", "full_name_folded"])


class Migration(migrations.Migration):
    dependencies = [("police", "0002_audit_terms_hashed")]

    operations = [migrations.RunPython(clean_entries, migrations.RunPython.noop)]
