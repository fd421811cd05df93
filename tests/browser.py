"""Browser tests: real headless Chromium (Debian's) driven by Playwright, checked with axe-core.

A page test needs one line of set-up:

    def test_it_shows_the_landing_page(visit):
        page = visit("/", viewport="phone")

    def test_a_student_sees_their_home(visit, student):
        page = visit("/students/", user=student)

`visit` opens the path on the live test server, asserts the HTTP status, runs axe-core (failing
on any serious or critical violation) and, on a phone-sized viewport, checks that nothing
scrolls sideways.
"""

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings as django_settings
from django.db import connections
from django.test import Client
from playwright.sync_api import Browser, Page, sync_playwright

CHROMIUM = Path(os.environ.get("SPOTLIGHT_CHROMIUM", "/usr/bin/chromium"))
VIEWPORTS = {
    "desktop": {"width": 1280, "height": 800},
    "phone": {"width": 360, "height": 740},
}
# Without these, Chromium keeps trying to reach Google's servers from a closed network.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
BLOCKING_IMPACTS = {"serious", "critical"}


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        message = f"Chromium not found at {CHROMIUM}; install Debian's chromium package."
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    # Playwright's sync API switches the main thread into a running event loop, under which
    # Django sees a different set of database connections; close ours on both sides of it, or
    # one is left open and blocks dropping the test database at the end.
    connections.close_all()
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
        connections.close_all()
    connections.close_all()


@pytest.fixture
def visit(browser: Browser, live_server, settings) -> Iterator[Callable[..., Page]]:
    # Links in emails lead to the live server, as they lead to the real site in production.
    settings.SPOTLIGHT_BASE_URL = live_server.url
    contexts = []

    def open_page(
        path: str,
        *,
        viewport: str = "desktop",
        status: int = 200,
        accessible: bool = True,
        user=None,
    ) -> Page:
        context = browser.new_context(viewport=VIEWPORTS[viewport], locale="en-US")
        context.set_default_timeout(10_000)
        contexts.append(context)
        if user is not None:
            context.add_cookies([session_cookie_for(user, live_server.url)])
        page = context.new_page()
        response = page.goto(live_server.url + path)
        assert response is not None
        assert response.status == status, f"{path} answered {response.status}, not {status}"
        if accessible:
            assert_accessible(page)
        if viewport == "phone":
            assert_fits_width(page)
        return page

    yield open_page
    for context in contexts:
        context.close()


def session_cookie_for(user, url: str) -> dict:
    """Sign `user` in without the sign-in form, as Django's test client does."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies[django_settings.SESSION_COOKIE_NAME]
    return {"name": cookie.key, "value": cookie.value, "url": url}


def assert_accessible(page: Page) -> None:
    options = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}
    results = Axe().run(page, options=options)
    blocking = [v for v in results.response["violations"] if v["impact"] in BLOCKING_IMPACTS]
    report = "\n".join(
        f"{v['impact']}: {v['id']} ({v['help']}) at {[n['target'] for n in v['nodes']]}"
        for v in blocking
    )
    assert not blocking, f"accessibility violations on {page.url}:\n{report}"


WIDE_ELEMENTS = """() => {
    const width = document.documentElement.clientWidth;
    const clipped = element => {
        for (let node = element.parentElement; node; node = node.parentElement) {
            if (["auto", "scroll", "hidden"].includes(getComputedStyle(node).overflowX)) {
                return true;
            }
        }
        return false;
    };
    return [...document.querySelectorAll("body *")]
        .filter(element => element.getBoundingClientRect().right > width + 1)
        .filter(element => !clipped(element))
        .slice(0, 3)
        .map(element => element.outerHTML.slice(0, 120));
}"""


def assert_fits_width(page: Page) -> None:
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    culprits = page.evaluate(WIDE_ELEMENTS) if overflow > 0 else []
    assert overflow <= 0, f"{page.url} scrolls sideways by {overflow}px on a phone: {culprits}"
