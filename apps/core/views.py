from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from apps.accounts.access import public


@public
@require_safe
def landing(request: HttpRequest) -> HttpResponse:
    return render(request, "core/landing.html")
