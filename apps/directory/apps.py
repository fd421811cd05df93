from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "apps.directory"
    verbose_name = "Alumni Career Spotlight"

    def ready(self) -> None:
        from apps.accounts import personal_data
        from apps.directory.personal_data import erase_profile, export_profile

        personal_data.register("spotlight_profile", export=export_profile, erase=erase_profile)
