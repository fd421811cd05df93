import pytest
from django.urls import reverse


def test_it_explains_spotlight_to_each_audience(client):
    response = client.get(reverse("core:landing"))

    assert response.status_code == 200
    page = response.content.decode()
    assert page.count("<h1") == 1
    for heading in ("For students", "For alumni volunteers", "For career advisors"):
        assert heading in page
    assert "not a job interview" in page


def test_it_serves_bootstrap_from_its_own_static_files(client):
    page = client.get(reverse("core:landing")).content.decode()

    assert "/static/vendor/bootstrap/bootstrap.min.css" in page
    assert "cdn" not in page.lower()


@pytest.mark.browser
@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_it_is_accessible_and_fits_the_screen(visit, viewport):
    page = visit("/", viewport=viewport)

    assert page.locator("h1").count() == 1
    assert page.title() == "Learn about careers from alumni · Spotlight"
    for landmark in ("banner", "navigation", "main", "contentinfo"):
        assert page.get_by_role(landmark).count() >= 1, landmark


@pytest.mark.browser
def test_the_skip_link_is_the_first_stop_and_moves_focus_to_the_content(visit):
    page = visit("/")

    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    assert skip.evaluate("element => element === document.activeElement")
    assert skip.is_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


@pytest.mark.browser
def test_the_phone_menu_opens_from_the_keyboard_with_a_visible_focus(visit):
    page = visit("/", viewport="phone")
    link = page.get_by_role("link", name="How it works")
    assert not link.is_visible()

    page.get_by_role("button", name="Show navigation").focus()
    page.keyboard.press("Enter")
    link.wait_for(state="visible")
    page.keyboard.press("Tab")

    assert link.evaluate("element => element === document.activeElement")
    assert link.evaluate("element => getComputedStyle(element).outlineStyle") == "solid"
