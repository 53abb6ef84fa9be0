"""The project: settings, root URLs and the WSGI/ASGI entry points that compose the apps.

The apps never import it; it imports them (see docs/ARCHITECTURE.md)."""
