"""Alias of `laocai.settings.dev` (see `cms/settings/__init__.py`)."""

from laocai.settings.dev import *  # noqa: F403
