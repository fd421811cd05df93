"""The one-click reply pages, as a screen reader or a phone opens them: focus starts at the top,
not on the button that accepts or declines."""

import re

import pytest
import time_machine

from tests.interviews.conftest import NOW, send

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def clock():
    """The clock starts at NOW and runs, as the live server and the browser expect."""
    with time_machine.travel(NOW, tick=True) as traveller:
        yield traveller


def test_neither_reply_page_starts_with_focus_on_its_button(visit, asker, profile, mailoutbox):
    send(asker, profile)  # committed at once here, so the request email is sent
    [email] = [message for message in mailoutbox if profile.email in message.to[0]]
    *accept, decline = re.findall(r"https?://[^\s]+(/inbox/reply/[^/\s]+/)", email.body)

    for path, button in ((accept[0], "Accept this time"), (decline, "Decline the request")):
        page = visit(path, viewport="phone")
        page.get_by_role("button", name=button).wait_for()
        assert page.evaluate("document.activeElement === document.body")
