"""Browser journeys: Debian's headless Chromium driven by Playwright, on live_server.

Screenshots go to test-output/<test name>-<step>.png. Journeys use
`@pytest.mark.django_db(transaction=True, serialized_rollback=True)` (see `journey`) so
the units and the page tree loaded by migrations survive for the tests that follow.
"""

import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
OUTPUT = ROOT / "test-output"
CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]

# A marker for every journey: a real browser, a real server thread, the data kept.
journey = [pytest.mark.browser,
           pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture(scope="session")
def browser():
    # Playwright's sync API runs an event loop in this thread; the test itself stays sync.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from django.db import connections
    from playwright.sync_api import sync_playwright

    # Playwright's greenlets give the test thread fresh connection objects, which lose
    # the serialized database that serialized_rollback restores before each journey.
    serialized = {connection.alias: connection._test_serialized_contents
                  for connection in connections.all()
                  if hasattr(connection, "_test_serialized_contents")}
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        for alias, contents in serialized.items():
            connections[alias]._test_serialized_contents = contents
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="vi-VN",
                                  viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    page = context.new_page()
    # Every journey also checks the Content Security Policy: Chromium reports each
    # blocked script, style, frame or image on the console.
    violations = []
    page.on("console", lambda message: violations.append(message.text)
            if "Content Security Policy" in message.text else None)
    yield page
    context.close()
    assert not violations, "Content Security Policy violations:\n" + "\n".join(violations)


@pytest.fixture
def screenshot(request):
    """screenshot(page, "step") saves a full-page PNG under test-output/."""
    OUTPUT.mkdir(exist_ok=True)

    def take(page, step: str) -> Path:
        path = OUTPUT / f"{request.node.name}-{step}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


def pass_two_factor(page, *, setting_up: bool) -> None:
    """The second sign-in step as a person does it, with the code an app would show.

    On the first sign-in the page shows the key to type into the app (we compute the
    code from it exactly as an authenticator app does) and then the backup codes.
    """
    from tests.auth import current_code

    if setting_up:
        secret = page.get_by_test_id("totp-secret").inner_text()
        page.fill("#id_code", current_code(secret))
        page.get_by_role("button", name="Xác nhận").click()
        page.wait_for_load_state()
        assert len(page.get_by_test_id("backup-codes").locator("li").all()) == 10
        page.get_by_role("link", name="Tôi đã lưu, tiếp tục").click()
    page.wait_for_load_state()
