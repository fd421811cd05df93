"""Every HTML email keeps its text readable in a client's dark mode."""

from html.parser import HTMLParser

import pytest

from tests.notifications.every_email import write_every_email

pytestmark = pytest.mark.django_db


class Page(HTMLParser):
    """The meta tags and the body's inline style of an HTML email."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.meta: dict[str, str] = {}
        self.body_style: dict[str, str] = {}
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "meta" and "name" in attributes:
            self.meta[attributes["name"]] = attributes.get("content", "")
        if tag == "body":
            declarations = (part.split(":", 1) for part in attributes.get("style", "").split(";"))
            self.body_style = {
                name.strip(): value.strip()
                for name, value in (d for d in declarations if len(d) == 2)
            }


def test_every_html_email_asks_for_a_light_scheme_and_sets_both_colours():
    pages = {email.event: Page(email.body_html) for email in write_every_email()}
    wrong = {
        event: (page.meta, page.body_style)
        for event, page in pages.items()
        if page.meta.get("color-scheme") != "light"
        or page.meta.get("supported-color-schemes") != "light"
        or page.body_style.get("background-color") != "#ffffff"
        or page.body_style.get("color") != "#1b1b1b"
    }

    assert len(pages) >= 16
    assert not wrong, f"dark mode may darken only the background or the text: {wrong}"
