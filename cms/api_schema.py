"""The OpenAPI schema documents our public API only.

Wagtail's admin and wagtail-localize mount DRF views of their own under the admin URL;
they are internal, session-only and not part of our contract, so the schema (and the
fuzzing run against it) leaves them out.
"""

PUBLIC_API_PREFIX = "/api/v1/"


def public_api_only(endpoints, **kwargs):
    """drf-spectacular preprocessing hook: keep the endpoints under /api/v1/."""
    return [endpoint for endpoint in endpoints if endpoint[0].startswith(PUBLIC_API_PREFIX)]


DETAIL_COMPONENT = "ErrorDetail"
DETAIL_SCHEMA = {
    "type": "object",
    "properties": {"detail": {"type": "string"}},
    "required": ["detail"],
}
BODY_METHODS = {"post", "put", "patch"}


def _detail(description: str) -> dict:
    return {"description": description, "content": {"application/json": {
        "schema": {"$ref": f"#/components/schemas/{DETAIL_COMPONENT}"}}}}


def document_framework_errors(result, generator, request, public):
    """drf-spectacular postprocessing hook: the answers DRF itself gives before our views
    run ({"detail": ...}), written into every operation they can come from."""
    result.setdefault("components", {}).setdefault("schemas", {})[DETAIL_COMPONENT] = (
        DETAIL_SCHEMA)
    for path, operations in result.get("paths", {}).items():
        for method, operation in operations.items():
            responses = operation.setdefault("responses", {})
            if any(requirement for requirement in operation.get("security", [])):
                responses.setdefault("401", _detail("Missing or invalid credentials."))
                responses.setdefault("403", _detail("Not allowed for this account."))
            paged = any(p.get("name") == "page" and p.get("in") == "query"
                        for p in operation.get("parameters", []))
            if "{" in path or paged:
                responses.setdefault("404", _detail("No such object or page."))
            if method in BODY_METHODS:
                responses.setdefault("415", _detail("Unsupported media type."))
    return result
