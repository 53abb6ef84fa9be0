"""Alias of `laocai.settings.test` (see `cms/settings/__init__.py`)."""

from laocai.settings.test import *  # noqa: F403
