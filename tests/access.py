"""The URL configuration, walked: every route with the view behind it and where it came from."""

from collections.abc import Iterator
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver

# Routes whose access rules are declared by the library that provides them.
DECLARED_ELSEWHERE = {
    "django.contrib.admin": "the admin's own staff check, plus CareerStaffPermissions per model",
    "allauth": "django-allauth: sign-in pages are public, account pages require sign-in",
}


@dataclass(frozen=True)
class Route:
    pattern: str
    name: str | None
    view: object
    source: str


def walk(urlconf: str | None = None) -> Iterator[Route]:
    yield from _walk(get_resolver(urlconf).url_patterns, "", None, "config.urls")


def _walk(patterns, prefix: str, namespace: str | None, source: str) -> Iterator[Route]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner_namespace = entry.namespace or namespace
            module = getattr(entry.urlconf_module, "__name__", source)
            if entry.namespace == "admin":
                module = "django.contrib.admin"
            yield from _walk(
                entry.url_patterns, prefix + str(entry.pattern), inner_namespace, module
            )
        elif isinstance(entry, URLPattern):
            name = f"{namespace}:{entry.name}" if namespace and entry.name else entry.name
            yield Route(prefix + str(entry.pattern), name, entry.callback, source)


def declared_elsewhere(route: Route) -> bool:
    return any(route.source.startswith(library) for library in DECLARED_ELSEWHERE)
