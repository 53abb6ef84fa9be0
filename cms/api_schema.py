"""What /api/schema/ documents: our public API under /api/, not Wagtail's admin API."""


def public_api_only(endpoints):
    """drf-spectacular preprocessing hook: keep the endpoints under /api/.

    Wagtail's internal admin and wagtail-localize views are DRF views too; without this
    they leaked into the public schema (and broke its generation with errors).
    """
    return [endpoint for endpoint in endpoints if endpoint[0].startswith("/api/")]


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
