from django.apps import AppConfig


def _follow_account_email(sender, user, to_email_address, **kwargs) -> None:
    from apps.directory.services import follow_account_email

    follow_account_email(user=user, email=to_email_address.email)


class DirectoryConfig(AppConfig):
    name = "apps.directory"
    verbose_name = "Alumni Career Spotlight"

    def ready(self) -> None:
        from allauth.account.signals import email_changed

        from apps.accounts import personal_data
        from apps.directory.personal_data import erase_profile, export_profile

        personal_data.register("spotlight_profile", export=export_profile, erase=erase_profile)
        # allauth announces a changed account address only by this signal.
        email_changed.connect(_follow_account_email, dispatch_uid="directory-follow-email")
