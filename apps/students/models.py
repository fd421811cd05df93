from django.conf import settings
from django.db import models


class StudentProfile(models.Model):
    """What a student wants to learn about and where they hope to go."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="student_profile"
    )
    major = models.CharField(max_length=120, blank=True)
    graduation_year = models.PositiveSmallIntegerField("expected graduation year", null=True)
    industries = models.ManyToManyField(
        "directory.Industry", blank=True, related_name="interested_students"
    )
    job_functions = models.ManyToManyField(
        "directory.JobFunction", blank=True, related_name="interested_students"
    )
    goals = models.TextField("what I hope to do", blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Profile of {self.user}"
