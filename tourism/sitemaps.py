"""sitemap.xml with every language's pages and hreflang alternates between translations."""

from django.conf import settings
from django.db.models import Q
from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Page


class LocalizedSitemap(Sitemap):
    def items(self):
        root = self.get_wagtail_site().root_page
        in_any_translation = Q()
        for translation in root.get_translations(inclusive=True):
            in_any_translation |= Q(path__startswith=translation.path)
        return (Page.objects.filter(in_any_translation).live().public().order_by("path")
                .defer_streamfields().specific())

    def _urls(self, page, protocol, domain):
        urls = super()._urls(page, protocol, domain)
        languages = {code for code, _name in settings.LANGUAGES}
        by_location = {}
        for item in self.paginator.page(page).object_list:
            alternates = [
                {"lang_code": t.locale.language_code, "location": t.get_full_url(self.request)}
                for t in item.get_translations(inclusive=True).live().select_related("locale")
                if t.locale.language_code in languages]
            if len(alternates) > 1:
                by_location[item.get_full_url(self.request)] = sorted(
                    alternates, key=lambda a: a["lang_code"])
        for url in urls:
            if "alternates" not in url and url["location"] in by_location:
                url["alternates"] = by_location[url["location"]]
        return urls
