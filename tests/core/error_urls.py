"""Routes that fail on purpose, so tests can see the 403 and 500 pages a visitor would."""

from django.core.exceptions import PermissionDenied
from django.urls import include, path


def forbidden(request):
    raise PermissionDenied


def broken(request):
    raise RuntimeError("a bug in a view")


urlpatterns = [
    path("forbidden/", forbidden),
    path("broken/", broken),
    path("", include("config.urls")),
]
