"""Helpers for the portal tests: the section pages and small page factories."""

import datetime
from decimal import Decimal

import pytest

from cms.models import Commune


@pytest.fixture
def sections(db):
    from tourism import services

    return services.ensure_sections()


@pytest.fixture
def sa_pa_ward(db):
    return Commune.objects.in_lao_cai().resolve("Phường Sa Pa")


@pytest.fixture
def make_place(sections, sa_pa_ward):
    from tourism import services

    def make(slug="sa-pa", kind="destination", title_vi="Sa Pa", title_en="Sa Pa",
             lat="22.336300", lon="103.843800", **extra):
        page, _created = services.save_place(
            slug=slug, kind=kind, titles={"vi": title_vi, "en": title_en},
            summaries={"vi": f"Tóm tắt {title_vi}", "en": f"Summary of {title_en}"},
            commune=sa_pa_ward, latitude=Decimal(lat), longitude=Decimal(lon),
            tags=["núi"], **extra)
        return page

    return make


@pytest.fixture
def make_event(sections, sa_pa_ward):
    from tourism import services
    from tourism.models import EventIndexPage, EventPage

    def make(slug, title, start, end=None, recurrence="none", **extra):
        index = sections[EventIndexPage]
        event = EventPage(title=title, slug=slug, start_date=start, end_date=end,
                          recurrence=recurrence, commune=sa_pa_ward,
                          latitude=Decimal("22.3363"), longitude=Decimal("103.8438"),
                          location_name="Sa Pa", organiser="UBND phường Sa Pa", **extra)
        index.add_child(instance=event)
        return services.publish(event)

    return make


def today():
    from django.utils import timezone

    return timezone.localdate()


def days(n):
    return datetime.timedelta(days=n)
