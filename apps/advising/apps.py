from django.apps import AppConfig


class AdvisingConfig(AppConfig):
    name = "apps.advising"
    verbose_name = "Advising"

    def ready(self) -> None:
        from apps.accounts import personal_data
        from apps.advising.services import end_assignments, export_assignments

        personal_data.register("advisors", export=export_assignments, erase=end_assignments)
