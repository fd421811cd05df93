"""The main navigation: what each kind of visitor can reach from every page."""

from dataclasses import dataclass

from django.http import HttpRequest
from django.urls import reverse


@dataclass(frozen=True)
class NavItem:
    label: str
    url: str
    is_current: bool = False


def navigation_for(request: HttpRequest) -> list[NavItem]:
    links = [("How it works", reverse("core:landing") + "#how-it-works")]
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and user.is_staff:
        links.append(("Administration", reverse("admin:index")))
    return [NavItem(label, url, is_current=url == request.path) for label, url in links]
