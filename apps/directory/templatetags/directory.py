from django import template

from apps.directory.models import Format
from apps.directory.profile_status import availability as availability_of

register = template.Library()


@register.simple_tag
def availability(profile):
    return availability_of(profile)


@register.filter
def shows(profile, field: str) -> bool:
    """Whether the volunteer chose to show this optional part of their profile."""
    return profile.shows(field)


@register.filter
def format_labels(formats: list[str]) -> str:
    labels = dict(Format.choices)
    return ", ".join(labels.get(value, value) for value in formats)
