"""The layers of docs/ARCHITECTURE.md, enforced: the site core (cms) uses no app, stay
registration (lodging) knows no CMS pages, and no app imports the project wiring."""

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APPS = ("lodging", "tourism", "search")
PROJECT = "laocai"


# The contract's settings names (`cms.settings.production`, ...) are aliases of the
# project's settings: the one place under cms/ that names the wiring, and nothing else.
SETTINGS_ALIASES = ROOT / "cms" / "settings"


def _python_files(package: str):
    return sorted(path for path in (ROOT / package).rglob("*.py")
                  if "migrations" not in path.parts and SETTINGS_ALIASES not in path.parents)


def _imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.add(node.module)
        elif (isinstance(node, ast.Call) and getattr(node.func, "attr", "") in
              ("get_model", "import_module", "import_string") and node.args
              and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
            # apps.get_model("tourism", ...) and import_module("tourism.x") are imports too.
            found.add(node.args[0].value.replace(".", " ").split()[0])
    return found


def _offending(package: str, forbidden: tuple[str, ...]) -> list[str]:
    problems = []
    for path in _python_files(package):
        for module in _imported_modules(path):
            top = module.split(".")[0]
            if top in forbidden:
                problems.append(f"{path.relative_to(ROOT)} imports {module}")
    return problems


def test_the_site_core_imports_no_app_and_not_the_project():
    assert _offending("cms", (*APPS, PROJECT)) == []


def test_the_settings_aliases_only_name_the_project_settings():
    for path in SETTINGS_ALIASES.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        code = [node for node in tree.body
                if not (isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant))]
        if path.name == "__init__.py":
            assert code == []
            continue
        [star] = code
        assert isinstance(star, ast.ImportFrom) and star.module == f"laocai.settings.{path.stem}"
        assert [alias.name for alias in star.names] == ["*"]


def test_stay_registration_knows_no_cms_pages():
    assert _offending("lodging", ("tourism", PROJECT)) == []


@pytest.mark.parametrize("app", ["tourism", "search"])
def test_no_app_imports_the_project_wiring(app):
    assert _offending(app, (PROJECT,)) == []


# A template of the site core that loads an app's tags, includes its templates or links
# its URLs depends on that app as surely as an import does.
_TEMPLATE_USES_APP = re.compile(
    r"{%\s*load\s[^%]*\b(?:tourism|lodging|search)_tags\b"
    r"|{%\s*(?:include|extends)\s+[\"'](?:tourism|lodging|search|police)/"
    r"|{%\s*url\s+[\"'](?:tourism|lodging|search|police):")


def test_the_site_core_templates_use_no_app():
    problems = [str(path.relative_to(ROOT)) for path in (ROOT / "cms" / "templates").rglob("*")
                if path.is_file() and _TEMPLATE_USES_APP.search(path.read_text("utf-8"))]
    assert problems == []


def test_the_checker_sees_what_it_forbids(tmp_path):
    """The test above cannot pass by missing imports: each form is recognised."""
    sample = tmp_path / "sample.py"
    sample.write_text("import tourism.models\nfrom search.client import get_client\n"
                      "from django.apps import apps\nM = apps.get_model('tourism', 'X')\n"
                      "def f():\n    from lodging import services\n", encoding="utf-8")
    assert {"tourism.models", "search.client", "tourism", "lodging"} <= _imported_modules(sample)
    assert _TEMPLATE_USES_APP.search("{% load i18n tourism_tags %}")
    assert _TEMPLATE_USES_APP.search("{% url 'lodging:logout' %}")
