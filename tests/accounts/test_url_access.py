from django.urls import path

from apps.accounts.access import public
from tests.access import declared_elsewhere, walk
from tests.accounts.test_access_matrix import ROWS


def test_every_view_declares_who_may_use_it():
    undeclared = [
        route.pattern
        for route in walk()
        if not declared_elsewhere(route) and not hasattr(route.view, "access_rule")
    ]

    assert not undeclared, f"views without public/signed_in/role_required: {undeclared}"


def test_every_named_route_has_a_row_in_the_role_matrix():
    ours = {route.name for route in walk() if not declared_elsewhere(route)}
    covered = {row.name for row in ROWS}

    assert ours <= covered, f"add rows to the role matrix for: {sorted(ours - covered)}"


def forgotten(request):
    """A view someone forgot to declare."""


@public
def remembered(request):
    """A declared view."""


urlpatterns = [path("forgotten/", forgotten), path("remembered/", remembered)]


def test_the_walk_catches_a_view_without_a_rule():
    undeclared = [r.pattern for r in walk(__name__) if not hasattr(r.view, "access_rule")]

    assert undeclared == ["forgotten/"]
