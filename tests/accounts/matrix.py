"""The building blocks of the role matrix (tests/accounts/test_access_matrix.py).

Each feature may keep its rows in a module of its own (a list named ROWS) built from these, and
the matrix lists that module; one file per feature keeps two features from editing one list.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from apps.accounts.models import Role

ANONYMOUS = "anonymous"
ROLES = [ANONYMOUS, Role.STUDENT, Role.ALUMNI, Role.ADVISOR, Role.STAFF]
SIGNED_IN_ROLES = ROLES[1:]
LOGIN = "login"


@dataclass
class World:
    """One person of each role, and objects that belong to them."""

    people: dict
    invitation_token: str
    application_pk: int
    failed_email_pk: int
    published_pk: int
    unpublished_pk: int
    import_job_pk: int


@dataclass
class Row:
    name: str
    expect: dict
    args: Callable[[World], list] = lambda world: []
    method: str = "get"
    data: dict = field(default_factory=dict)


def everyone(status: int) -> dict:
    return dict.fromkeys(ROLES, status)


def signed_in(status: int) -> dict:
    return {ANONYMOUS: LOGIN, **dict.fromkeys(SIGNED_IN_ROLES, status)}


def only(role: str, status: int = 200) -> dict:
    return {ANONYMOUS: LOGIN, **dict.fromkeys(SIGNED_IN_ROLES, 403), role: status}


def browsers(status: int) -> dict:
    """Students, advisors and staff browse the directory; alumni only manage their own."""
    return {ANONYMOUS: LOGIN, **dict.fromkeys(SIGNED_IN_ROLES, status), Role.ALUMNI: 403}


def visitors_only(status: int = 200, signed_in_status: int = 302) -> dict:
    return {ANONYMOUS: status, **dict.fromkeys(SIGNED_IN_ROLES, signed_in_status)}
