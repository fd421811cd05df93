"""Who may use each view, declared by one decorator on top of it.

Every view under apps/ carries exactly one of `public`, `signed_in` or `role_required(...)`;
tests/accounts/test_url_access.py walks the URL configuration and fails on any view without
one. Object ownership is checked separately, by loading objects through the signed-in user.
"""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

PUBLIC = "public"
SIGNED_IN = "signed in"


def public(view: Callable) -> Callable:
    """Anyone, signed in or not."""
    view.access_rule = PUBLIC
    return view


def signed_in(view: Callable) -> Callable:
    """Anyone signed in, whatever their role."""
    return _guard(view, roles=None)


def role_required(*roles: str) -> Callable[[Callable], Callable]:
    """Signed-in people with one of these roles; others get 403, visitors the sign-in page."""
    return lambda view: _guard(view, roles=frozenset(roles))


def _guard(view: Callable, *, roles: frozenset[str] | None) -> Callable:
    @wraps(view)
    def guarded(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if roles is not None and request.user.role not in roles:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    guarded.access_rule = roles if roles is not None else SIGNED_IN
    return guarded
