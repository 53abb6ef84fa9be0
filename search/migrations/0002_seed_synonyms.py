from django.db import migrations

# Names tourists type for the same place; editors extend them in the admin.
SEED = [
    ("Fansipan\nPhan Xi Păng\nPhanxipang\nFan Si Pan", "highest peak of Indochina"),
    ("Sa Pa\nSapa", "town and ward"),
    ("chợ phiên Bắc Hà\nBắc Hà market\nchợ Bắc Hà", "Sunday market"),
    ("Thác Bạc\nSilver Waterfall\nSilver Falls", ""),
    ("Thác Tình Yêu\nLove Waterfall", ""),
    ("Cát Cát\nCat Cat village\nbản Cát Cát", ""),
    ("Đèo Ô Quy Hồ\nO Quy Ho pass\nHeaven's Gate pass", ""),
    ("Mù Cang Chải\nMu Cang Chai rice terraces\nruộng bậc thang Mù Cang Chải", ""),
    ("chợ\nmarket", ""),
    ("thác\nwaterfall", ""),
    ("đèo\nmountain pass", ""),
    ("ruộng bậc thang\nrice terraces", ""),
]


def seed(apps, schema_editor):
    Synonym = apps.get_model("search", "Synonym")
    Synonym.objects.bulk_create(Synonym(terms=terms, note=note) for terms, note in SEED)


def unseed(apps, schema_editor):
    Synonym = apps.get_model("search", "Synonym")
    Synonym.objects.filter(terms__in=[terms for terms, _ in SEED]).delete()


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
