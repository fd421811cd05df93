from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "apps.directory"
    verbose_name = "Alumni Career Spotlight"
