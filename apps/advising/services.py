from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from apps.accounts.models import Role, User
from apps.advising.models import AdvisorAssignment


class AssignmentError(ValueError):
    pass


def assign_advisor(*, student: User, advisor: User | None, assigned_by: User) -> None:
    """Make `advisor` the student's only current advisor (None: no advisor); keep the history."""
    if student.role != Role.STUDENT:
        raise AssignmentError("Only students have advisors.")
    if advisor is not None and advisor.role != Role.ADVISOR:
        raise AssignmentError("Choose a career advisor.")
    with transaction.atomic():
        current = (
            AdvisorAssignment.objects.current().select_for_update().filter(student=student).first()
        )
        if current is not None and advisor is not None and current.advisor_id == advisor.pk:
            return
        if current is not None:
            current.ended_at = timezone.now()
            current.save(update_fields=["ended_at"])
        if advisor is not None:
            AdvisorAssignment.objects.create(
                student=student, advisor=advisor, assigned_by=assigned_by
            )


def current_advisees(advisor: User) -> QuerySet[User]:
    return User.objects.filter(
        advisor_assignments__advisor=advisor,
        advisor_assignments__ended_at__isnull=True,
        is_active=True,
    ).order_by("full_name", "email")


def current_advisor(student: User) -> User | None:
    assignment = (
        AdvisorAssignment.objects.current()
        .select_related("advisor")
        .filter(student=student)
        .first()
    )
    return assignment.advisor if assignment else None


def export_assignments(user: User) -> list[dict]:
    rows = AdvisorAssignment.objects.filter(student=user).select_related("advisor")
    return [
        {
            "advisor": str(row.advisor),
            "from": row.started_at.isoformat(),
            "until": row.ended_at.isoformat() if row.ended_at else None,
        }
        for row in rows
    ]


def end_assignments(user: User) -> None:
    """A departing student or advisor is nobody's advisee or advisor from now on."""
    now = timezone.now()
    AdvisorAssignment.objects.current().filter(student=user).update(ended_at=now)
    AdvisorAssignment.objects.current().filter(advisor=user).update(ended_at=now)
