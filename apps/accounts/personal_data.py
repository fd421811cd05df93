"""What each part of Spotlight keeps about a person, for account export and deletion.

Each app that stores personal data registers a section in its AppConfig.ready(): a function
that exports the person's data as JSON-ready values and, where it keeps any, a function that
erases or anonymises it when the person deletes their account.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any


@dataclass(frozen=True)
class Section:
    export: Callable[[Any], Any]
    erase: Callable[[Any], None] | None = None


_sections: dict[str, Section] = {}


def register(name: str, *, export: Callable[[Any], Any], erase=None) -> None:
    _sections[name] = Section(export=export, erase=erase)


def export_sections(user) -> dict[str, Any]:
    return {name: section.export(user) for name, section in sorted(_sections.items())}


def erase_sections(user) -> None:
    # Latest registered first: apps register in the order of INSTALLED_APPS, where an app comes
    # after those it builds on, so (for example) interviews cancel a volunteer's open requests,
    # telling the students who it was, before the directory makes the profile anonymous.
    for section in reversed(list(_sections.values())):
        if section.erase is not None:
            section.erase(user)


def plain(value: Any) -> Any:
    """A value as an export holds it: dates and times as ISO 8601 text, the rest unchanged."""
    return value.isoformat() if isinstance(value, date) else value
