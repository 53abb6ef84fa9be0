"""News and travel tips: dated articles under the article index, newest first."""

import datetime

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from tourism import jsonld
from tourism.blocks import BaseStreamBlock
from tourism.models.base import ListingIndexPage, PortalPage, synchronized


class ArticlePage(PortalPage):
    date = models.DateField(_("date"), default=datetime.date.today)
    author = models.CharField(_("author"), max_length=120, blank=True)
    body = StreamField(BaseStreamBlock(), verbose_name=_("body"), blank=True)

    content_panels = [*Page.content_panels, FieldRowPanel([FieldPanel("date"),
                      FieldPanel("author")]), *PortalPage.hero_panels, FieldPanel("body")]
    override_translatable_fields = synchronized("date")
    search_fields = [*PortalPage.search_fields, index.SearchField("body")]
    parent_page_types = ["tourism.ArticleIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")

    def structured_data(self, request=None):
        return jsonld.article(self, request)


class ArticleIndexPage(ListingIndexPage):
    subpage_types = ["tourism.ArticlePage"]
    listing_model = ArticlePage
    listing_name = "articles"
    listing_order = "-date"

    class Meta:
        verbose_name = _("article index")
