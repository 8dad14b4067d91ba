"""Browser tests: Playwright drives Debian's Chromium (Playwright's own browser download cannot
be reached here) against a live server, in Dutch (nl-NL).

Where no Chromium is found they are skipped with a message; CI sets REQUIRE_BROWSER_TESTS=1
(and installs chromium), so there a missing browser fails instead."""

import os
import shutil

import pytest

CHROMIUM = (
    os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or shutil.which("chromium-browser")
)
NO_BROWSER = (
    "No Chromium found: browser tests skipped. Install Debian's chromium "
    "(apt-get install chromium) or set CHROMIUM_PATH."
)
# As the machine's probe starts it: no sandbox (root), and no background connections, which
# this machine's closed network refuses.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
LAPTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}


def pytest_collection_modifyitems(config, items):
    if CHROMIUM:
        return
    if os.environ.get("REQUIRE_BROWSER_TESTS") == "1":
        raise pytest.UsageError(NO_BROWSER.replace("skipped", "required (REQUIRE_BROWSER_TESTS=1)"))
    skip = pytest.mark.skip(reason=NO_BROWSER)
    for item in items:
        if "tests/browser/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(skip)


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an asyncio loop in this thread; Django then refuses database
    # calls from the test itself. They are plain synchronous calls here, so that is safe; the
    # setting is put back afterwards (a deploy check refuses it).
    before = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        yield from _launched(sync_playwright)
    finally:
        if before is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = before


def _launched(sync_playwright):
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


class OutsideRequests(list):
    """Requests that tried to leave the machine (each was stopped)."""


@pytest.fixture
def outside_requests():
    return OutsideRequests()


def _local(url: str, base: str) -> bool:
    return url.startswith(base) or url.startswith(("data:", "blob:", "about:"))


@pytest.fixture(autouse=True)
def cache_cleared_after_the_test():
    """Browser tests commit (the live server must see their data), and the cache table is not
    emptied with the database: clear it, so no lockout or rate count outlives the test."""
    yield
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def new_page(browser, live_server, outside_requests):
    """Pages in Dutch, on a laptop-sized screen unless asked otherwise; any request to another
    host is stopped and recorded in ``outside_requests``."""
    contexts = []

    def make(viewport=LAPTOP):
        context = browser.new_context(locale="nl-NL", viewport=viewport, base_url=live_server.url)

        def guard(route):
            if _local(route.request.url, live_server.url):
                route.continue_()
            else:
                outside_requests.append(route.request.url)
                route.abort()

        context.route("**/*", guard)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15_000)
        return page

    yield make
    for context in contexts:
        context.close()


def sign_in_to_admin(page, username, password):
    page.goto("/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("input[type=submit]")
    page.wait_for_load_state()


def run_admin_action(page, changelist: str, row_text: str, action: str) -> str:
    """Tick the row showing ``row_text`` on a change list, run ``action``; the messages shown."""
    page.goto(changelist)
    page.locator("tr", has_text=row_text).locator("input.action-select").check()
    page.select_option("select[name=action]", action)
    page.click("button[name=index]")
    page.wait_for_load_state()
    return page.locator(".messagelist").inner_text()


def api_headers(username: str, password: str) -> dict:
    """Sign in through the API as the app does; the headers for the next calls."""
    from django.test import Client

    token = (
        Client()
        .post(
            "/api/v1/tokens",
            {"gebruikersnaam": username, "wachtwoord": password},
            content_type="application/json",
        )
        .json()["token"]
    )
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}
