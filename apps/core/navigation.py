"""The main navigation: what each kind of visitor can reach from every page."""

from dataclasses import dataclass

from django.http import HttpRequest
from django.urls import reverse

from apps.accounts.models import Role

LINKS_BY_ROLE = {
    None: [
        ("How it works", "core:landing", "#how-it-works"),
        ("Volunteer", "accounts:apply", ""),
        ("Student sign-up", "account_signup", ""),
        ("Sign in", "account_login", ""),
    ],
    Role.STUDENT: [
        ("Home", "students:home", ""),
        ("Alumni directory", "directory:search", ""),
        ("Interview requests", "interviews:list", ""),
        ("Networking log", "students:log", ""),
    ],
    Role.ALUMNI: [
        ("Home", "directory:alumni_home", ""),
        ("Requests", "inbox:list", ""),
        ("Your profile", "directory:edit_own_profile", ""),
    ],
    Role.ADVISOR: [
        ("Your students", "advising:home", ""),
        ("Alumni directory", "directory:search", ""),
    ],
    Role.STAFF: [
        ("Career center", "accounts:staff_home", ""),
        ("Profiles", "directory:staff_profiles", ""),
        ("Offers", "accounts:applications", ""),
        ("Invitations", "accounts:invitations", ""),
        ("Advisors", "advising:assignments", ""),
        ("Email", "notifications:outbox", ""),
    ],
}
SIGNED_IN_LINKS = [("Settings", "accounts:profile", "")]


@dataclass(frozen=True)
class NavItem:
    label: str
    url: str
    is_current: bool = False


def navigation_for(request: HttpRequest) -> list[NavItem]:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        links = LINKS_BY_ROLE[user.role] + SIGNED_IN_LINKS
        if user.is_staff:
            links = [*links, ("Administration", "admin:index", "")]
    else:
        links = LINKS_BY_ROLE[None]
    items = []
    for label, name, fragment in links:
        path = reverse(name)
        items.append(
            NavItem(label, path + fragment, is_current=not fragment and path == request.path)
        )
    return items
