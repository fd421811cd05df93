import zoneinfo
from datetime import date

from allauth.account.forms import SignupForm
from django import forms
from django.conf import settings
from django.contrib.auth import password_validation

from apps.accounts.models import AlumniApplication, Invitation, Role, User, normalize_email
from apps.core.widgets import WholeNumberInput

TIME_ZONE_CHOICES = [("", "The career center's time zone")] + [
    (name, name.replace("_", " ")) for name in sorted(zoneinfo.available_timezones())
]


def name_input() -> forms.TextInput:
    return forms.TextInput(attrs={"autocomplete": "name"})


class StudentSignupForm(SignupForm):
    full_name = forms.CharField(label="Your name", max_length=150, widget=name_input())

    field_order = ["full_name", "email", "password1", "password2"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Said before the person types, so nobody tries a private address first.
        domains = " or ".join("@" + domain for domain in settings.SPOTLIGHT_STUDENT_EMAIL_DOMAINS)
        self.fields["email"].help_text = f"Use your university email address, ending in {domains}."


class ProfileForm(forms.Form):
    full_name = forms.CharField(label="Name", max_length=150, widget=name_input())
    pronouns = forms.CharField(
        max_length=40, required=False, help_text="Optional, for example she/her or they/them."
    )
    time_zone = forms.ChoiceField(
        choices=TIME_ZONE_CHOICES,
        required=False,
        help_text="Dates and times are shown in this time zone.",
    )


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label="Your password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError("That is not your current password.")
        return password


class SetPasswordMixin(forms.Form):
    password1 = forms.CharField(
        label="Choose a password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    password2 = forms.CharField(
        label="Type the password again",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self) -> dict:
        cleaned = super().clean()
        first, second = cleaned.get("password1"), cleaned.get("password2")
        if first and second and first != second:
            self.add_error("password2", "The two passwords are not the same.")
        elif first:
            try:
                password_validation.validate_password(first, self.user_for_validation())
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned

    def user_for_validation(self) -> User:
        return User(full_name=self.cleaned_data.get("full_name", ""))


class AcceptInvitationForm(SetPasswordMixin):
    full_name = forms.CharField(label="Your name", max_length=150, widget=name_input())

    field_order = ["full_name", "password1", "password2"]

    def __init__(self, *args, invitation: Invitation, **kwargs):
        super().__init__(*args, **kwargs)
        self.invitation = invitation

    def user_for_validation(self) -> User:
        return User(email=self.invitation.email, full_name=self.cleaned_data.get("full_name", ""))


class InvitationForm(forms.Form):
    email = forms.EmailField(label="Email address")
    full_name = forms.CharField(label="Name", max_length=150, required=False)
    role = forms.ChoiceField(
        choices=[(Role.ALUMNI, "Alumni volunteer"), (Role.ADVISOR, "Career advisor")],
        widget=forms.RadioSelect,
        initial=Role.ALUMNI,
    )

    def clean_email(self) -> str:
        email = normalize_email(self.cleaned_data["email"])
        if User.objects.filter(email=email).exists():
            raise forms.ValidationError("This address already has an account.")
        return email


class AlumniApplicationForm(forms.ModelForm):
    class Meta:
        model = AlumniApplication
        fields = [
            "full_name",
            "email",
            "graduation_year",
            "degree",
            "employer",
            "job_title",
            "motivation",
        ]
        labels = {"full_name": "Your name", "email": "Email address"}
        widgets = {
            "full_name": name_input(),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "graduation_year": WholeNumberInput(),
            "employer": forms.TextInput(attrs={"autocomplete": "organization"}),
            "job_title": forms.TextInput(attrs={"autocomplete": "organization-title"}),
            "motivation": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "motivation": "A few sentences: your field, and what students could learn from you.",
        }

    def clean_graduation_year(self) -> int:
        year = self.cleaned_data["graduation_year"]
        if not 1900 <= year <= date.today().year:
            raise forms.ValidationError(
                f"Enter the year you graduated, between 1900 and {date.today().year}."
            )
        return year


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(choices=[("approve", "Approve"), ("decline", "Decline")])
