from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_safe

from apps.accounts.access import role_required
from apps.accounts.models import Role
from apps.advising.services import current_advisor
from apps.directory.search import suggestions_for
from apps.students import services
from apps.students.forms import StudentProfileForm


@role_required(Role.STUDENT)
@require_safe
def home(request: HttpRequest) -> HttpResponse:
    profile = services.profile_for(request.user)
    context = {
        "advisor": current_advisor(request.user),
        "profile": profile,
        "suggestions": suggestions_for(profile).prefetch_related("industries"),
    }
    return render(request, "students/home.html", context)


@role_required(Role.STUDENT)
def edit_profile(request: HttpRequest) -> HttpResponse:
    profile = services.profile_for(request.user)
    form = StudentProfileForm(request.POST or None, instance=profile)
    if request.method == "POST" and form.is_valid():
        services.save_profile(form=form)
        messages.success(request, "Your interests and goals are saved.")
        return redirect("students:home")
    return render(request, "students/edit_profile.html", {"form": form})
