"""The core journey in a real browser under the Content-Security-Policy: the policy is sent with
every page, blocks what it must, and nothing the product itself does trips it."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from apps.directory.models import ImportJob
from tests.browser import session_cookie_for
from tests.factories import (
    PASSWORD,
    AlumniFactory,
    InterviewRequestFactory,
    QuestionFactory,
    SpotlightProfileFactory,
    StaffFactory,
    StudentFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PURPOSE = (
    "You moved from teaching into credit analysis at Fabrikam Bank, and I am an economics "
    "junior weighing a similar switch. I would like to hear which skills carried over from "
    "the classroom and what surprised you in your first year of banking."
)


class Watcher:
    """Browser tabs that note every policy violation and every page sent without the policy."""

    def __init__(self, browser: Browser, url: str):
        self.browser = browser
        self.url = url
        self.violations: list[str] = []
        self.pages_without_policy: list[str] = []
        self.contexts = []

    def open(self, user=None) -> Page:
        context = self.browser.new_context(locale="en-US")
        context.set_default_timeout(10_000)
        self.contexts.append(context)
        if user is not None:
            context.add_cookies([session_cookie_for(user, self.url)])
        # Chromium reports each refused script, style, frame or form on the console.
        context.on("console", self._note_message)
        context.on("response", self._note_response)
        return context.new_page()

    def _note_message(self, message) -> None:
        if "Content Security Policy" in message.text:
            self.violations.append(f"{message.page.url if message.page else ''}: {message.text}")

    def _note_response(self, response) -> None:
        is_page = response.request.resource_type == "document"
        if is_page and "content-security-policy" not in response.headers:
            self.pages_without_policy.append(response.url)

    def close(self) -> None:
        for context in self.contexts:
            context.close()


@pytest.fixture
def watcher(browser, live_server, settings):
    settings.SPOTLIGHT_BASE_URL = live_server.url
    watching = Watcher(browser, live_server.url)
    yield watching
    watching.close()


def time_input(days: int) -> str:
    """A time the request form accepts, as a datetime-local field takes it."""
    day = timezone.localtime() + timedelta(days=days)
    return day.replace(hour=9, minute=0).strftime("%Y-%m-%dT%H:%M")


def test_the_policy_refuses_a_script_written_into_the_page(watcher, live_server):
    page = watcher.open()
    page.goto(live_server.url + reverse("core:landing"))

    ran = page.evaluate(
        """() => {
            const script = document.createElement("script");
            script.textContent = "window.injected = true";
            document.body.append(script);
            return window.injected === true;
        }"""
    )

    assert not ran
    expect(page.locator("h1")).to_be_visible()
    page.wait_for_timeout(100)  # the console message follows the refusal
    assert [v for v in watcher.violations if "script-src" in v]


def test_the_core_journey_trips_no_policy(watcher, live_server):
    student = StudentFactory(full_name="Sam Okafor")
    volunteer = AlumniFactory(full_name="Priya Raman")
    profile = SpotlightProfileFactory(
        user=volunteer, full_name="Priya Raman", employer="Fabrikam Bank", formats=["video"]
    )
    InterviewRequestFactory(profile=profile, student=StudentFactory(full_name="Ada Lovelace"))
    QuestionFactory(text="How did you get your first role in banking?")
    staff = StaffFactory()
    job = ImportJob.objects.create(
        created_by=staff,
        file_name="alumni.csv",
        content="email,full_name\n",
        status=ImportJob.Status.RUNNING,
        total_rows=200,
        processed_rows=50,
    )

    # Landing, then signing in through the form (a POST that redirects to the student's home).
    page = watcher.open()
    page.goto(live_server.url + reverse("core:landing"))
    page.get_by_role("link", name="Sign in").first.click()
    page.get_by_label("Email").fill(student.email)
    page.get_by_label(re.compile(r"^\s*Password\W*$")).fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.get_by_role("heading", name=re.compile("Welcome, Sam")).wait_for()

    # The directory, a profile and the request form with its preview.
    page.goto(live_server.url + reverse("directory:search"))
    page.get_by_label("Search the directory").fill("Fabrikam")
    page.get_by_role("button", name="Search", exact=True).click()
    page.get_by_role("link", name="Priya Raman").first.click()
    page.get_by_role("link", name="Request an interview with Priya Raman").click()
    page.get_by_label("Why this person, and what you want to learn").fill(PURPOSE)
    page.get_by_label("How did you get your first role in banking?").check()
    page.get_by_label("Video call").check()
    page.get_by_label(re.compile("^First time")).fill(time_input(3))
    page.get_by_label(re.compile("^Second time")).fill(time_input(4))
    page.get_by_role("button", name="Preview").click()
    page.get_by_role("heading", name=re.compile("^Preview")).wait_for()

    # The volunteer's inbox.
    inbox = watcher.open(volunteer)
    inbox.goto(live_server.url + reverse("inbox:list"))
    inbox.get_by_role("heading", name="Your interview requests").wait_for()

    # The staff import page: the progress bar moves, then the page shows the result.
    imports = watcher.open(staff)
    imports.goto(live_server.url + reverse("directory:import_job", args=[job.pk]))
    ImportJob.objects.filter(pk=job.pk).update(processed_rows=150)
    expect(imports.get_by_text("150 of 200 rows")).to_be_visible()
    ImportJob.objects.filter(pk=job.pk).update(processed_rows=200, status="done")
    imports.get_by_role("heading", name="Imported").wait_for()

    # The admin, with its own scripts and styles.
    admin = watcher.open(StaffFactory(is_superuser=True))
    admin.goto(live_server.url + reverse("admin:accounts_user_changelist"))
    admin.get_by_role("link", name=student.email).click()
    admin.get_by_role("heading", name=re.compile("Change user")).wait_for()

    assert watcher.pages_without_policy == []
    assert watcher.violations == []
