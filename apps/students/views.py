from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from apps.accounts.access import role_required
from apps.accounts.models import Role
from apps.advising.services import current_advisor


@role_required(Role.STUDENT)
@require_safe
def home(request: HttpRequest) -> HttpResponse:
    context = {"advisor": current_advisor(request.user)}
    return render(request, "students/home.html", context)
