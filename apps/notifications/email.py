"""Rendering and sending Spotlight's emails.

Each email is three templates: templates/emails/<name>_subject.txt, <name>_body.txt and
<name>_body.html, rendered with the site's name and base URL in the context. Messages leave
only after the surrounding transaction commits, so a rolled-back change sends nothing.
"""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string


def send_templated_email(*, name: str, to: str, context: dict) -> None:
    context = {
        "site_name": settings.SPOTLIGHT_SITE_NAME,
        "base_url": settings.SPOTLIGHT_BASE_URL,
        **context,
    }
    subject = " ".join(render_to_string(f"emails/{name}_subject.txt", context).split())
    text = render_to_string(f"emails/{name}_body.txt", context)
    html = render_to_string(f"emails/{name}_body.html", context)
    message = EmailMultiAlternatives(subject=subject, body=text, to=[to])
    message.attach_alternative(html, "text/html")
    transaction.on_commit(message.send)
