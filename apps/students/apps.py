from django.apps import AppConfig


class StudentsConfig(AppConfig):
    name = "apps.students"
    verbose_name = "Students"

    def ready(self) -> None:
        from apps.accounts import personal_data
        from apps.students.services import erase_personal_data, export_personal_data

        personal_data.register(
            "student",
            export=export_personal_data,
            erase=erase_personal_data,
        )
