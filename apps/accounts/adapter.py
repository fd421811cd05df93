from allauth.account.adapter import DefaultAccountAdapter
from django import forms
from django.conf import settings

from apps.accounts.models import Role


def is_student_address(email: str) -> bool:
    domain = email.rsplit("@", 1)[-1].lower()
    return any(
        domain == allowed or domain.endswith("." + allowed)
        for allowed in settings.SPOTLIGHT_STUDENT_EMAIL_DOMAINS
    )


class AccountAdapter(DefaultAccountAdapter):
    """Public sign-up is for students, with an address at the institution."""

    def clean_email(self, email: str) -> str:
        email = super().clean_email(email)
        user = getattr(self.request, "user", None)
        signing_up = user is None or not user.is_authenticated
        if (signing_up or user.role == Role.STUDENT) and not is_student_address(email):
            domains = ", ".join("@" + domain for domain in settings.SPOTLIGHT_STUDENT_EMAIL_DOMAINS)
            raise forms.ValidationError(
                f"Use your university email address (ending in {domains}). Alumni volunteers "
                "join through an invitation or by applying on the volunteer page."
            )
        return email

    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=False)
        user.role = Role.STUDENT
        user.full_name = form.cleaned_data["full_name"]
        if commit:
            user.save()
        return user
