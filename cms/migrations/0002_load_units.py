from django.db import migrations


def load_units(apps, schema_editor):
    from cms.units import sync_units

    sync_units(apps.get_model("cms", "Province"), apps.get_model("cms", "Commune"))


class Migration(migrations.Migration):
    dependencies = [("cms", "0001_initial")]

    operations = [migrations.RunPython(load_units, migrations.RunPython.noop)]
