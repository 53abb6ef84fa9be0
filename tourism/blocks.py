"""Reusable StreamField blocks: every body is one BaseStreamBlock; each block has a template."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock


class CaptionedImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("image"))
    # Alt text lives beside the image so it is translated with the page.
    alt = blocks.CharBlock(label=_("alternative text"), max_length=250,
                           help_text=_("Describe the picture for people who cannot see it."))
    caption = blocks.CharBlock(label=_("caption"), required=False, max_length=250)
    attribution = blocks.CharBlock(label=_("credit"), required=False, max_length=120)

    class Meta:
        icon = "image"
        label = _("Image with caption")
        template = "tourism/blocks/captioned_image.html"


class GalleryBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("title"), required=False, max_length=120)
    images = blocks.ListBlock(CaptionedImageBlock(), min_num=2, label=_("images"))

    class Meta:
        icon = "doc-full-inverse"
        label = _("Gallery")
        template = "tourism/blocks/gallery.html"


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("quote"))
    attribution = blocks.CharBlock(label=_("who said it"), required=False, max_length=120)

    class Meta:
        icon = "openquote"
        label = _("Quote")
        template = "tourism/blocks/quote.html"


class FactBlock(blocks.StructBlock):
    label = blocks.CharBlock(label=_("label"), max_length=80)
    value = blocks.CharBlock(label=_("value"), max_length=200)


class FactBoxBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("title"), max_length=120)
    facts = blocks.ListBlock(FactBlock(), min_num=1, label=_("facts"))

    class Meta:
        icon = "list-ul"
        label = _("Fact box")
        template = "tourism/blocks/fact_box.html"


class MapPointBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("title"), max_length=120)
    latitude = blocks.DecimalBlock(label=_("latitude"), min_value=-90, max_value=90,
                                   decimal_places=6)
    longitude = blocks.DecimalBlock(label=_("longitude"), min_value=-180, max_value=180,
                                    decimal_places=6)
    description = blocks.CharBlock(label=_("description"), required=False, max_length=250)

    class Meta:
        icon = "site"
        label = _("Map point")
        template = "tourism/blocks/map_point.html"


class EmbedVideoBlock(blocks.StructBlock):
    embed = EmbedBlock(label=_("address of the video or post"))
    caption = blocks.CharBlock(label=_("caption"), required=False, max_length=250)

    class Meta:
        icon = "media"
        label = _("Embed")
        template = "tourism/blocks/embed.html"


class BaseStreamBlock(blocks.StreamBlock):
    paragraph = blocks.RichTextBlock(
        label=_("Text"), icon="pilcrow", template="tourism/blocks/paragraph.html",
        features=["h2", "h3", "bold", "italic", "link", "ol", "ul"])
    image = CaptionedImageBlock()
    gallery = GalleryBlock()
    quote = QuoteBlock()
    embed = EmbedVideoBlock()
    fact_box = FactBoxBlock()
    map_point = MapPointBlock()


class StopBlock(blocks.StructBlock):
    name = blocks.CharBlock(label=_("name"), max_length=120)
    place = blocks.PageChooserBlock(
        label=_("page of the place"), required=False,
        page_type=["tourism.DestinationPage", "tourism.AttractionPage"])
    latitude = blocks.DecimalBlock(label=_("latitude"), min_value=-90, max_value=90,
                                   decimal_places=6)
    longitude = blocks.DecimalBlock(label=_("longitude"), min_value=-180, max_value=180,
                                    decimal_places=6)
    note = blocks.TextBlock(label=_("note"), required=False)


class DayBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("title"), max_length=120)
    description = blocks.TextBlock(label=_("description"), required=False)
    stops = blocks.ListBlock(StopBlock(), min_num=1, label=_("stops, in order"))

    class Meta:
        icon = "date"
        label = _("Day")
        template = "tourism/blocks/day.html"

    def clean(self, value):
        value = super().clean(value)
        if not value.get("stops"):
            raise ValidationError(_("A day needs at least one stop."))
        return value


class ItineraryDaysBlock(blocks.StreamBlock):
    day = DayBlock()
