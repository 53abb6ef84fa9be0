"""Start-up checks of what the receipts need from the machine."""

from django.core.checks import Warning as CheckWarning
from django.core.checks import register
from django.core.exceptions import ImproperlyConfigured


@register()
def receipt_fonts(app_configs, **kwargs):
    from lodging.receipts import font_dir

    try:
        font_dir()
    except ImproperlyConfigured as error:
        return [CheckWarning(str(error), id="lodging.W001",
                             hint="apt-get install fonts-dejavu-core")]
    return []
