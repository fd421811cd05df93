"""The site's URLs plus two baselines the directory benchmark compares against.

Used only by config.settings.benchmark, the settings of the benchmark's own web server.
"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import include, path

from apps.accounts.access import public
from apps.accounts.models import User


@public
def minimal(request: HttpRequest) -> HttpResponse:
    return render(request, "directory/benchmark_baseline.html", {"users": []})


@public
def three_queries(request: HttpRequest) -> HttpResponse:
    users = [User.objects.filter(pk=pk).first() for pk in (1, 2, 3)]
    return render(request, "directory/benchmark_baseline.html", {"users": users})


urlpatterns = [
    path("__baseline__/minimal/", minimal),
    path("__baseline__/three-queries/", three_queries),
    path("", include("config.urls")),
]
