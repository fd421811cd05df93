from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST, require_safe

from apps.accounts.access import role_required
from apps.accounts.models import Role, User
from apps.advising import services
from apps.advising.forms import AssignAdvisorForm
from apps.advising.models import AdvisorAssignment
from apps.core.forms import SearchForm


@role_required(Role.ADVISOR)
@require_safe
def home(request: HttpRequest) -> HttpResponse:
    students = services.current_advisees(request.user)
    return render(request, "advising/home.html", {"students": students})


@role_required(Role.STAFF)
@require_safe
def assignments(request: HttpRequest) -> HttpResponse:
    search_form = SearchForm(request.GET)
    search = search_form.text
    students = (
        User.objects.filter(role=Role.STUDENT, is_active=True)
        .prefetch_related(
            Prefetch(
                "advisor_assignments",
                queryset=AdvisorAssignment.objects.current().select_related("advisor"),
                to_attr="current_assignments",
            )
        )
        .order_by("full_name", "email")
    )
    if search:
        students = students.filter(Q(full_name__icontains=search) | Q(email__icontains=search))
    page = Paginator(students, 50).get_page(request.GET.get("page"))
    advisors = AssignAdvisorForm().fields["advisor"].queryset
    context = {
        "page": page,
        "advisors": list(advisors),
        "search": search,
        "search_form": search_form,
    }
    return render(request, "advising/assignments.html", context)


@role_required(Role.STAFF)
@require_POST
def assign(request: HttpRequest, student_pk: int) -> HttpResponse:
    student = get_object_or_404(User, pk=student_pk, role=Role.STUDENT, is_active=True)
    form = AssignAdvisorForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose one of the listed advisors.")
        return redirect("advising:assignments")
    advisor = form.cleaned_data["advisor"]
    services.assign_advisor(student=student, advisor=advisor, assigned_by=request.user)
    if advisor:
        messages.success(request, f"{advisor} now advises {student}.")
    else:
        messages.success(request, f"{student} has no advisor now.")
    return redirect("advising:assignments")
