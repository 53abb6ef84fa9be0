"""News and travel tips: dated articles under the article index, newest first."""

import datetime

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from tourism import jsonld
from tourism.blocks import BaseStreamBlock
from tourism.models.base import PortalPage


class ArticlePage(PortalPage):
    date = models.DateField(_("date"), default=datetime.date.today)
    author = models.CharField(_("author"), max_length=120, blank=True)
    body = StreamField(BaseStreamBlock(), verbose_name=_("body"), blank=True)

    content_panels = [*Page.content_panels, FieldRowPanel([FieldPanel("date"),
                      FieldPanel("author")]), *PortalPage.hero_panels, FieldPanel("body")]
    search_fields = [*PortalPage.search_fields, index.SearchField("body")]
    parent_page_types = ["tourism.ArticleIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")

    def structured_data(self, request=None):
        return jsonld.article(self, request)


class ArticleIndexPage(PortalPage):
    intro = RichTextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, *PortalPage.hero_panels, FieldPanel("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["tourism.ArticlePage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("article index")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["articles"] = ArticlePage.objects.child_of(self).live().public() \
            .select_related("hero_image").order_by("-date")
        return context
