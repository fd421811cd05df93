"""The browser fixtures' own checks must catch what they are there to catch."""

import pytest

from tests.browser import assert_accessible, assert_fits_width

pytestmark = pytest.mark.browser


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 360, "height": 740})
    yield context.new_page()
    context.close()


def test_an_unlabelled_field_fails_the_accessibility_check(page):
    page.set_content('<html lang="en"><title>t</title><main><h1>t</h1><input></main></html>')

    with pytest.raises(AssertionError, match="label"):
        assert_accessible(page)


def test_a_page_wider_than_a_phone_fails_the_width_check(page):
    page.set_content('<div style="width: 800px">wide</div>')

    with pytest.raises(AssertionError, match="scrolls sideways"):
        assert_fits_width(page)
