from django.db import transaction

from apps.accounts.models import User
from apps.students.models import StudentProfile


def profile_for(user: User) -> StudentProfile:
    profile, _ = StudentProfile.objects.get_or_create(user=user)
    return profile


def save_profile(*, form) -> StudentProfile:
    with transaction.atomic():
        return form.save()
