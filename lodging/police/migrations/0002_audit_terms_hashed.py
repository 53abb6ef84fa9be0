"""Audit events written before the terms were hashed: the names, document numbers and
birth dates officers typed become keyed hashes (lodging/police/audit.py), everything else
that could name a person (free-text notes, file names, a document in the object column)
is dropped. Auditors keep who, when, what, how many rows, and can still match a
complaint against the hashes."""

from django.db import migrations


def hash_and_strip(apps, schema_editor):
    from lodging.police.audit import audit_params

    AuditEvent = apps.get_model("police", "AuditEvent")
    changed = []
    for event in AuditEvent.objects.iterator(chunk_size=2000):
        params = audit_params(event.action, event.params or {})
        object_ref = event.object_ref
        if event.action == "timeline" and not object_ref.startswith("stay:"):
            # "passport:15FR12345": the document itself. Its hash is in the terms now.
            number = object_ref.partition(":")[2]
            if number:
                params = audit_params(event.action, {**params, "document_number": number})
            object_ref = ""
        if params != event.params or object_ref != event.object_ref:
            event.params, event.object_ref = params, object_ref
            changed.append(event)
        if len(changed) >= 2000:
            AuditEvent.objects.bulk_update(changed, ["params", "object_ref"])
            changed = []
    if changed:
        AuditEvent.objects.bulk_update(changed, ["params", "object_ref"])


class Migration(migrations.Migration):

    dependencies = [
        ("police", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(hash_and_strip, migrations.RunPython.noop, elidable=True),
    ]
