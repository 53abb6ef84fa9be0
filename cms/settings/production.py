"""Alias of `laocai.settings.production` (see `cms/settings/__init__.py`)."""

from laocai.settings.production import *  # noqa: F403
