"""On a 360 px screen, staff reach every column of their tables, the actions last of all,
without scrolling sideways."""

import pytest
from django.urls import reverse

from tests.factories import (
    AdvisorFactory,
    EmailFactory,
    InvitationFactory,
    SpotlightProfileFactory,
    StudentFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Every cell's right edge, and how far each table's scroll box could scroll sideways.
MEASURE = """() => ({
    width: document.documentElement.clientWidth,
    rights: [...document.querySelectorAll("main td")].map(cell =>
        cell.getBoundingClientRect().right),
    scrolls: [...document.querySelectorAll("main .table-responsive")].map(box =>
        box.scrollWidth - box.clientWidth),
})"""


def fill_tables() -> None:
    SpotlightProfileFactory(
        full_name="Maximiliana Featherstonehaugh-Worthington",
        email="maximiliana.featherstonehaugh@alumni.example.org",
        employer="Northwind Traders International Holdings",
        job_title="Principal Data Visualisation Engineer",
    )
    EmailFactory(
        status="failed",
        recipient="maximiliana.featherstonehaugh@alumni.example.org",
        subject="Informational interview request from a student about data visualisation",
        last_error="451 4.3.0 Mailbox temporarily unavailable, please try again later",
    )
    InvitationFactory(email="maximiliana.featherstonehaugh@alumni.example.org")
    StudentFactory(full_name="Bartholomew Quintessa Okonkwo-Lindqvist")
    AdvisorFactory(full_name="Avery Advisor")


@pytest.mark.parametrize(
    ("page_name", "action"),
    [
        ("directory:staff_profiles", "Hide"),
        ("notifications:outbox", "Send again"),
        ("accounts:invitations", None),
        ("advising:assignments", "Save"),
    ],
)
def test_a_staff_table_fits_a_phone_with_its_actions_on_screen(visit, staff, page_name, action):
    fill_tables()
    page = visit(reverse(page_name), viewport="phone", user=staff)

    measured = page.evaluate(MEASURE)

    assert measured["rights"], "the table has rows"
    assert max(measured["rights"]) <= measured["width"]
    assert max(measured["scrolls"]) <= 0
    if action:
        button = page.get_by_role("button", name=action).first.bounding_box()
        assert button["x"] + button["width"] <= measured["width"]
