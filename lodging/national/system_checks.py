"""Start-up checks of the national portal's transport: a misconfigured HTTP transport is
refused when the site starts, not found out batch by batch in the delivery ledger."""

from django.conf import settings
from django.core.checks import Error, register

# What the HTTP transport cannot work without, and the variable that sets each.
REQUIRED = ("BASE_URL", "TOKEN_URL", "CLIENT_ID", "CLIENT_SECRET")


@register()
def national_transport(app_configs, **kwargs):
    from lodging.national.models import TransportName

    name = getattr(settings, "NATIONAL_TRANSPORT", TransportName.FILE) or TransportName.FILE
    if name not in TransportName.values:
        return [Error(f"NATIONAL_TRANSPORT is “{name}”.", id="national.E002",
                      hint=f"Set it to one of: {', '.join(TransportName.values)}.")]
    if name != TransportName.HTTP:
        return []
    config = getattr(settings, "NATIONAL_API", {}) or {}
    missing = [f"NATIONAL_API_{key}" for key in REQUIRED
               if not str(config.get(key) or "").strip()]
    if not missing:
        return []
    return [Error(f"NATIONAL_TRANSPORT is http but {', '.join(missing)} "
                  f"{'is' if len(missing) == 1 else 'are'} empty.", id="national.E001",
                  hint="Set them in the environment, or set NATIONAL_TRANSPORT=file.")]
