"""Every page carries a Content-Security-Policy that lets only this site's own files run."""

import re

import pytest
from django.conf import settings
from django.urls import reverse

from tests.factories import StaffFactory

# The policy each page must send, directive by directive.
EXPECTED = {
    "default-src": {"'self'"},
    "script-src": {"'self'"},
    "style-src": {"'self'"},
    "img-src": {"'self'", "data:"},
    "object-src": {"'none'"},
    "base-uri": {"'self'"},
    "form-action": {"'self'"},
    "frame-ancestors": {"'none'"},
}
# Markup that such a policy blocks: inline scripts and styles, and event-handler attributes.
INLINE = re.compile(
    r"<script(?![^>]*\ssrc=)(?![^>]*type=\"application/json\")[^>]*>|<style\b|\sstyle=|\son[a-z]+=",
    re.IGNORECASE,
)

EMAIL_FOLDERS = {"emails", "email"}  # ours, and allauth's under account/


def policy_of(response) -> dict[str, set[str]]:
    header = response.headers["Content-Security-Policy"]
    directives = (part.split() for part in header.split(";") if part.strip())
    return {name: set(sources) for name, *sources in directives}


def test_the_landing_page_sends_the_policy(client):
    response = client.get(reverse("core:landing"))

    assert policy_of(response) == EXPECTED


def test_a_signed_in_page_sends_the_policy(client, student):
    client.force_login(student)

    response = client.get(reverse("students:home"))

    assert response.status_code == 200
    assert policy_of(response) == EXPECTED


def test_the_sign_in_page_sends_the_policy(client):
    assert policy_of(client.get(reverse("account_login"))) == EXPECTED


def test_a_page_that_does_not_exist_sends_the_policy(client):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert policy_of(response) == EXPECTED


def test_a_redirect_after_a_form_sends_the_policy(client, student):
    client.force_login(student)

    response = client.post(reverse("account_logout"))

    assert response.status_code == 302
    assert policy_of(response) == EXPECTED


@pytest.mark.django_db
def test_the_admin_sends_the_policy(client):
    client.force_login(StaffFactory(is_superuser=True))

    response = client.get(reverse("admin:accounts_user_changelist"))

    assert response.status_code == 200
    assert policy_of(response) == EXPECTED


def test_no_page_template_holds_inline_script_or_style():
    # Emails are not pages: mail programs need their styles inline.
    templates = settings.BASE_DIR / "templates"
    pages = [path for path in templates.rglob("*.html") if not EMAIL_FOLDERS & set(path.parts)]
    assert len(pages) > 20
    offending = {
        str(path.relative_to(templates)): INLINE.findall(path.read_text())
        for path in pages
        if INLINE.search(path.read_text())
    }

    assert offending == {}
