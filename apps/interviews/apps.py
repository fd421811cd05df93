from django.apps import AppConfig


class InterviewsConfig(AppConfig):
    name = "apps.interviews"
    verbose_name = "Interviews"
