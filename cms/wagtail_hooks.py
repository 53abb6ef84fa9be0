"""The page editor says when translations are out of date and offers to sync them.

wagtail-localize only offers "Sync translated pages" in a menu, whether anything changed
or not. Here the editor of a source page is told, after publishing and whenever the page
is opened, which translations now lag behind it; the editor of a translation is told its
source changed since the last sync. Both messages carry the sync button.
"""

from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail.admin import messages

from cms import translations

SYNC_PERMISSION = "wagtail_localize.submit_translation"


def _sync_buttons(request, source, page) -> list:
    if not request.user.has_perm(SYNC_PERMISSION):
        return []
    url = reverse("wagtail_localize:update_translations", args=[source.pk])
    back = reverse("wagtailadmin_pages:edit", args=[page.pk])
    return [messages.button(f"{url}?{urlencode({'next': back})}", _("Sync translations"))]


def warn_if_translations_out_of_date(request, page) -> None:
    source = translations.source_of(page)
    if source is None or not translations.is_out_of_date(source):
        return
    languages = ", ".join(locale.get_display_name()
                          for locale in translations.target_locales(source))
    messages.warning(request, _(
        "The translations of this page are out of date (%(languages)s): it changed after "
        "they were last synced.") % {"languages": languages},
        buttons=_sync_buttons(request, source, page))


def warn_if_source_changed(request, page) -> None:
    source = translations.translated_from(page)
    if source is None or not translations.is_out_of_date(source):
        return
    synced = date_format(timezone.localtime(source.last_updated_at), "SHORT_DATETIME_FORMAT")
    messages.warning(request, _(
        "This translation is out of date: the %(language)s page “%(title)s” changed after "
        "the last sync (%(date)s).") % {
        "language": source.locale.get_display_name(), "title": source.object_repr,
        "date": synced},
        buttons=_sync_buttons(request, source, page))


# Before wagtail-localize's own hook, which answers the edit view of a translation.
@hooks.register("before_edit_page", order=-10)
def mark_out_of_date_translations(request, page):
    if request.method == "GET":
        warn_if_translations_out_of_date(request, page)
        warn_if_source_changed(request, page)


@hooks.register("after_publish_page")
def mark_translations_after_publishing(request, page):
    warn_if_translations_out_of_date(request, page)
