"""Staff read any outbox email as its reader sees it; its HTML can neither run nor reach out."""

import logging

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from playwright.sync_api import expect

from apps.notifications.models import Email
from tests.factories import EmailFactory

pytestmark = pytest.mark.django_db

CALENDAR = "BEGIN:VCALENDAR\r\nMETHOD:REQUEST\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n"
IFRAME = 'iframe[title="HTML version of the email"]'


def email_with_everything(**fields) -> Email:
    defaults = {
        "recipient": "ana@alumni.example.org",
        "recipient_name": "Ana <b>Lima</b>",
        "reply_to": "careers@example.edu",
        "subject": "Your interview is booked",
        "body_text": "Hello Ana,\nsee you on Monday.",
        "body_html": "<p>Hello Ana, see you on Monday.</p>",
        "calendar": CALENDAR,
        "calendar_method": "REQUEST",
    }
    return EmailFactory(**(defaults | fields))


def test_each_outbox_row_links_to_its_email(client, staff):
    email = email_with_everything()
    client.force_login(staff)

    page = client.get(reverse("notifications:outbox")).content.decode()

    assert f'href="{reverse("notifications:show_email", args=[email.pk])}"' in page


def test_staff_see_the_headers_and_text_of_an_email(client, staff, settings):
    settings.DEFAULT_FROM_EMAIL = "Spotlight <spotlight@example.edu>"
    email = email_with_everything(status=Email.Status.FAILED, last_error="550 No such mailbox")
    client.force_login(staff)

    page = client.get(reverse("notifications:show_email", args=[email.pk])).content.decode()

    assert "Spotlight &lt;spotlight@example.edu&gt;" in page
    # The name someone typed is shown as text, never as markup.
    assert "Ana &lt;b&gt;Lima&lt;/b&gt;" in page
    assert "careers@example.edu" in page
    assert '<h1 class="text-break">Your interview is booked</h1>' in page
    assert "Failed: 550 No such mailbox" in page
    assert "Hello Ana,<br>see you on Monday." in page


def test_the_calendar_invite_is_listed_and_downloads_as_the_reader_gets_it(client, staff):
    email = email_with_everything()
    client.force_login(staff)

    page = client.get(reverse("notifications:show_email", args=[email.pk])).content.decode()
    download = client.get(reverse("notifications:download_attachment", args=[email.pk, 1]))

    assert f"invite.ics</a> (application/ics, {len(CALENDAR.encode())}" in page
    assert download["Content-Type"] == "application/ics"
    assert download["Content-Disposition"] == 'attachment; filename="invite.ics"'
    assert download.content == CALENDAR.encode()


def test_an_attachment_the_email_does_not_have_is_not_found(client, staff):
    email = email_with_everything(calendar="", calendar_method="")
    client.force_login(staff)

    response = client.get(reverse("notifications:download_attachment", args=[email.pk, 1]))

    assert response.status_code == 404


def test_an_email_that_does_not_exist_is_not_found(client, staff):
    client.force_login(staff)

    response = client.get(reverse("notifications:show_email", args=[999_999]))

    assert response.status_code == 404


def test_the_html_body_is_served_with_a_policy_that_runs_and_loads_nothing(client, staff):
    email = email_with_everything()
    client.force_login(staff)

    response = client.get(reverse("notifications:show_email_html", args=[email.pk]))

    policy = {
        directive.split(" ", 1)[0]: directive
        for directive in response["Content-Security-Policy"].split("; ")
    }
    assert policy["default-src"] == "default-src 'none'"
    assert policy["img-src"] == "img-src data:"
    assert "sandbox" in policy
    assert "script-src" not in policy
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    assert response.content.decode() == email.body_html


def test_reading_an_email_is_logged_with_the_staff_user_and_the_email(client, staff, caplog):
    email = email_with_everything()
    client.force_login(staff)

    with caplog.at_level(logging.INFO, logger="apps.notifications.views"):
        client.get(reverse("notifications:show_email", args=[email.pk]))
        client.get(reverse("notifications:show_email_html", args=[email.pk]))
        client.get(reverse("notifications:download_attachment", args=[email.pk, 1]))

    reads = [r.getMessage() for r in caplog.records if r.name == "apps.notifications.views"]
    assert len(reads) == 3
    assert all(f"Staff user {staff.pk} read" in read for read in reads)
    assert all(f"of email {email.pk}." in read for read in reads)


def test_the_email_page_makes_the_same_queries_for_any_email(client, staff):
    plain = EmailFactory()
    full = email_with_everything()
    client.force_login(staff)

    counts = []
    for email in (plain, full):
        with CaptureQueriesContext(connection) as queries:
            client.get(reverse("notifications:show_email", args=[email.pk]))
        counts.append(len(queries))

    # session, user, the email
    assert counts == [3, 3]


HOSTILE_HTML = """<!doctype html><html lang="en"><head><title>Booked</title></head><body>
<p id="greeting" style="color: rgb(0, 128, 0)">Hello from the stored email.</p>
<img id="remote" src="http://images.example.invalid/pixel.png" alt="">
<img id="same-site" src="{site}/static/tracker.png" alt="">
<script>
document.body.insertAdjacentHTML("beforeend", '<p id="ran">script ran</p>');
try {{ parent.document.body.dataset.touched = "yes"; }} catch (error) {{}}
</script>
<img src="x" alt="" onerror="document.body.insertAdjacentHTML('beforeend', '<p id=ran>')">
</body></html>"""


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_the_viewer_shows_the_html_body_and_nothing_in_it_runs_or_loads(
    visit, live_server, staff, viewport
):
    email = email_with_everything(body_html=HOSTILE_HTML.format(site=live_server.url))
    page = visit(
        reverse("notifications:show_email", args=[email.pk]), user=staff, viewport=viewport
    )
    # Chromium announces a request the policy then blocks; only a response means it went out.
    answered: list[str] = []
    page.on("response", lambda response: answered.append(response.url))
    page.reload()

    frame = page.frame_locator(IFRAME)
    expect(frame.get_by_text("Hello from the stored email.")).to_be_visible()
    expect(frame.locator("#greeting")).to_have_css("color", "rgb(0, 128, 0)")
    expect(frame.locator("#ran")).to_have_count(0)
    assert page.locator("body").get_attribute("data-touched") is None
    assert any(url.endswith("/html/") for url in answered)
    assert [url for url in answered if url.endswith(("pixel.png", "tracker.png"))] == []
