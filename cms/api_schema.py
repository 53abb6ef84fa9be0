"""The OpenAPI schema documents our public API only.

Wagtail's admin and wagtail-localize mount DRF views of their own under the admin URL;
they are internal, session-only and not part of our contract, so the schema (and the
fuzzing run against it) leaves them out.
"""

PUBLIC_API_PREFIX = "/api/v1/"


def public_api_only(endpoints, **kwargs):
    """drf-spectacular preprocessing hook: keep the endpoints under /api/v1/."""
    return [endpoint for endpoint in endpoints if endpoint[0].startswith(PUBLIC_API_PREFIX)]
