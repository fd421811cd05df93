"""Script payloads in every free-text column a person or staff can write, and a check for them.

Each column gets a payload of its own, numbered, so a failure names the column that leaked. The
payload breaks out of an attribute, opens a tag, starts like a spreadsheet formula and carries a
line that would become a header or a calendar property if a newline got through unescaped.
"""

import re
from dataclasses import dataclass

from django.apps import apps
from django.contrib.postgres.fields import ArrayField
from django.db import models

PRODUCT_APPS = ("accounts", "students", "directory", "interviews", "advising", "notifications")
# Columns nobody types: values the product writes itself, or picks from a fixed list.
NOT_TYPED = {
    "accounts.User.password": "a password hash",
    "accounts.User.time_zone": "chosen from the list of time zones",
    "accounts.Invitation.token_digest": "a digest the product computes",
    "directory.Industry.slug": "derived from the name",
    "directory.JobFunction.slug": "derived from the name",
    "directory.SpotlightProfile.time_zone": "chosen from the list of time zones",
    "directory.ImportJob.content": "the uploaded file; its rows go through the real import",
    "interviews.InterviewRequest.student_time_zone": "copied from the student's account",
    "interviews.InterviewRequest.volunteer_time_zone": "copied from the volunteer's profile",
    "interviews.UsedToken.nonce": "part of a signed link",
    "notifications.Email.event": "the product's name for the email",
    "notifications.Email.event_key": "the product's key for the email",
    "notifications.Email.recipient": "an account's address, poisoned there",
    "notifications.Email.reply_to": "an account's address, poisoned there",
    "notifications.Email.calendar": "built by the product from poisoned names",
    "notifications.Email.calendar_method": "REQUEST or CANCEL",
    "notifications.Email.message_id": "made by the product",
    "notifications.Email.object_id": "a primary key",
    "notifications.Email.body_html": "rendered by the product from poisoned text",
}
INJECTED_LINE = "X-Injected: 1"
RAW_TAG = re.compile(r"<i[ /]data-xss=(\d+)>")


@dataclass(frozen=True)
class Column:
    model: type[models.Model]
    field: models.Field

    @property
    def label(self) -> str:
        return f"{self.model._meta.label}.{self.field.name}"


def typed_columns() -> list[Column]:
    """Every free-text column of the product's models, except those nobody types."""
    columns = []
    for app in PRODUCT_APPS:
        for model in apps.get_app_config(app).get_models():
            for field in model._meta.concrete_fields:
                column = Column(model, field)
                if _is_free_text(field) and column.label not in NOT_TYPED:
                    columns.append(column)
    return columns


def _is_free_text(field: models.Field) -> bool:
    inner = field.base_field if isinstance(field, ArrayField) else field
    return (
        field.editable
        and not inner.choices
        and isinstance(inner, models.CharField | models.TextField)
        and not isinstance(inner, models.SlugField)
    )


def payload(number: int, field: models.Field, pk: int) -> str | list[str]:
    inner = field.base_field if isinstance(field, ArrayField) else field
    if isinstance(inner, models.EmailField):
        # A quoted local part may hold these characters, so an email form accepts it.
        text = f'"<i/data-xss={number}>{pk}"@example.org'
    elif isinstance(inner, models.URLField):
        text = f'https://www.linkedin.com/in/x"><i/data-xss={number}>'
    else:
        text = f"=1\"'><i/data-xss={number}>{pk}\n{INJECTED_LINE}"
    return [text] if isinstance(field, ArrayField) else text


def poison_everything() -> dict[int, str]:
    """Write a payload into every typed column of every row; returns number -> column."""
    names = {}
    for number, column in enumerate(typed_columns(), start=1):
        names[number] = column.label
        for pk in column.model.objects.values_list("pk", flat=True):
            value = payload(number, column.field, pk)
            column.model.objects.filter(pk=pk).update(**{column.field.name: value})
    return names


def leaks(html: str, names: dict[int, str]) -> set[str]:
    """The columns whose payload appears as a live tag in this HTML."""
    return {names.get(int(number), f"payload {number}") for number in RAW_TAG.findall(html)}
