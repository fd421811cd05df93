from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from apps.accounts.access import role_required
from apps.accounts.models import Role


@role_required(Role.ALUMNI)
@require_safe
def alumni_home(request: HttpRequest) -> HttpResponse:
    return render(request, "directory/alumni_home.html")
