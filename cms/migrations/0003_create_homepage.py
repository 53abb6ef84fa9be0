from django.db import migrations

WAGTAIL_WELCOME_PATH = "00010001"


def create_homepage(apps, schema_editor):
    """Replace Wagtail's placeholder welcome page with the portal's home page."""
    ContentType = apps.get_model("contenttypes.ContentType")
    Page = apps.get_model("wagtailcore.Page")
    Site = apps.get_model("wagtailcore.Site")
    Locale = apps.get_model("wagtailcore.Locale")
    HomePage = apps.get_model("cms.HomePage")

    Page.objects.filter(path=WAGTAIL_WELCOME_PATH, depth=2).delete()
    content_type, _ = ContentType.objects.get_or_create(model="homepage", app_label="cms")
    locale, _ = Locale.objects.get_or_create(language_code="vi")
    # English exists from day one so editors can translate every page.
    Locale.objects.get_or_create(language_code="en")
    home = HomePage.objects.create(
        title="Du lịch Lào Cai",
        draft_title="Du lịch Lào Cai",
        slug="home",
        content_type=content_type,
        path=WAGTAIL_WELCOME_PATH,
        depth=2,
        numchild=0,
        url_path="/home/",
        locale=locale,
    )
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "root_page_id": home.id, "site_name": "Du lịch Lào Cai"},
    )


def remove_homepage(apps, schema_editor):
    apps.get_model("cms.HomePage").objects.filter(path=WAGTAIL_WELCOME_PATH).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0002_load_units"),
        ("wagtailcore", "0097_baselogentry_uuid_action_timestamp_indexes"),
    ]

    operations = [migrations.RunPython(create_homepage, remove_homepage)]
