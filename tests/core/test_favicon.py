"""Every page names its icon, and browsers that ask the site root for one get it."""

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_site_root_answers_for_favicon_ico():
    response = Client().get("/favicon.ico")

    assert response.status_code == 200
    assert response["Content-Type"] in {"image/x-icon", "image/vnd.microsoft.icon"}


def test_pages_link_their_icon(client):
    page = client.get(reverse("core:landing")).text

    assert 'rel="icon" href="/static/img/favicon.svg" type="image/svg+xml"' in page
    assert Client().get("/static/img/favicon.svg").status_code == 200
