"""Tags every page shares: the error summary of a failed submit, and machine-readable times."""

from collections.abc import Iterator
from datetime import datetime
from typing import NamedTuple

from django import template
from django.forms import BaseForm, BaseFormSet, BoundField

register = template.Library()


class Problem(NamedTuple):
    text: str
    target: str  # the id of the field to link to, or "" for a problem with the whole form


@register.inclusion_tag("includes/_error_summary.html")
def error_summary(*candidates: object) -> dict:
    """Every problem of the given forms and formsets, each linking to its field; once per form.

    Takes anything, as allauth's form element may carry no form at all."""
    forms = [
        form
        for form in candidates
        if isinstance(form, BaseForm | BaseFormSet)
        and not getattr(form, "has_error_summary", False)
    ]
    problems = [problem for form in forms for problem in _problems(form)]
    for form in forms:
        _mark_summarised(form)
    return {"problems": problems}


@register.simple_tag(takes_context=True)
def page_has_errors(context: template.Context) -> bool:
    """Whether any submitted form on the page came back with errors (for the page title)."""
    # type() rather than isinstance(): isinstance() would load lazy values such as `user`.
    return any(
        _has_errors(value)
        for value in context.flatten().values()
        if issubclass(type(value), BaseForm | BaseFormSet)
    )


@register.filter(expects_localtime=True)
def machine_time(value: datetime | None) -> str:
    """A `<time datetime>` value: to the second, with its offset (never microseconds)."""
    return value.replace(microsecond=0).isoformat() if value else ""


def _has_errors(form: BaseForm | BaseFormSet) -> bool:
    if not form.is_bound:
        return False
    return bool(form.total_error_count() if isinstance(form, BaseFormSet) else form.errors)


def _problems(form: BaseForm | BaseFormSet, entry: str = "") -> Iterator[Problem]:
    if not _has_errors(form):
        return
    if isinstance(form, BaseFormSet):
        yield from (Problem(str(error), "") for error in form.non_form_errors())
        for number, member in enumerate(form.forms, start=1):
            yield from _problems(member, entry=f" (entry {number})")
        return
    yield from (Problem(str(error), "") for error in form.non_field_errors())
    for field in form:
        label = f"{field.label}{entry}: " if field.label else ""
        for error in field.errors:
            yield Problem(f"{label}{error}", "" if field.is_hidden else _field_id(field))


def _field_id(field: BoundField) -> str:
    # Radio buttons and checkbox lists have no single id: link to their first choice.
    return field.id_for_label or (f"{field.auto_id}_0" if field.auto_id else "")


def _mark_summarised(form: BaseForm | BaseFormSet) -> None:
    """Tell bootstrap5/errors.html that this form's problems are already summarised."""
    if isinstance(form, BaseFormSet):
        for member in form.forms:
            _mark_summarised(member)
    else:
        form.has_error_summary = True
