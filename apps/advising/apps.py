from django.apps import AppConfig


class AdvisingConfig(AppConfig):
    name = "apps.advising"
    verbose_name = "Advising"
