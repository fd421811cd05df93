import pytest
from django.test import Client

ERROR_URLCONF = "tests.core.error_urls"


@pytest.fixture
def failing_routes(settings):
    settings.ROOT_URLCONF = ERROR_URLCONF


def test_an_unknown_address_gets_the_friendly_404_page(client):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert "We couldn't find that page" in response.content.decode()


@pytest.mark.usefixtures("failing_routes")
def test_a_forbidden_page_gets_the_friendly_403_page(client):
    response = client.get("/forbidden/")

    assert response.status_code == 403
    assert "You don't have access to this page" in response.content.decode()


@pytest.mark.usefixtures("failing_routes")
def test_a_crash_gets_the_friendly_500_page_without_details():
    response = Client(raise_request_exception=False).get("/broken/")

    assert response.status_code == 500
    page = response.content.decode()
    assert "Something went wrong on our side" in page
    assert "RuntimeError" not in page


def test_a_form_posted_without_its_token_explains_that_it_expired():
    response = Client(enforce_csrf_checks=True).post("/", {"anything": "x"})

    assert response.status_code == 403
    assert "This form has expired" in response.content.decode()


@pytest.mark.browser
@pytest.mark.usefixtures("failing_routes")
@pytest.mark.parametrize("viewport", ["desktop", "phone"])
@pytest.mark.parametrize(
    ("path", "status", "heading"),
    [
        ("/no-such-page/", 404, "We couldn't find that page"),
        ("/forbidden/", 403, "You don't have access to this page"),
        ("/broken/", 500, "Something went wrong on our side"),
    ],
)
def test_error_pages_are_accessible_on_every_screen(visit, viewport, path, status, heading):
    page = visit(path, viewport=viewport, status=status)

    assert page.get_by_role("heading", level=1).inner_text() == heading
    assert page.get_by_role("link", name="Go to the Spotlight home page").is_visible()
