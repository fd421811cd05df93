from django.apps import AppConfig


class InterviewsConfig(AppConfig):
    name = "apps.interviews"
    verbose_name = "Interviews"

    def ready(self) -> None:
        from apps.accounts import personal_data
        from apps.interviews.personal_data import erase_personal_data, export_personal_data

        personal_data.register("interviews", export=export_personal_data, erase=erase_personal_data)
