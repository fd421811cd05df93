import uuid
from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.models import EmailAddress
from allauth.account.stages import EmailVerificationStage, LoginStageController
from allauth.core.internal import httpkit
from django import forms
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.db import transaction

from apps.accounts.models import Role
from apps.notifications.services import Content, queue_email


def is_student_address(email: str) -> bool:
    domain = email.rsplit("@", 1)[-1].lower()
    return any(
        domain == allowed or domain.endswith("." + allowed)
        for allowed in settings.SPOTLIGHT_STUDENT_EMAIL_DOMAINS
    )


class AccountAdapter(DefaultAccountAdapter):
    """Public sign-up is for students, with an address at the institution."""

    error_messages = {
        **DefaultAccountAdapter.error_messages,
        # Anyone can lock an account by typing wrong passwords; its owner proves control of
        # the inbox instead, and a new password lifts the lock at once.
        "too_many_login_attempts": (
            "This account is locked for a few minutes after too many wrong passwords. If it "
            "is yours, choose “Forgot your password?”: we will email you a link, and once you "
            "have set a new password you can sign in straight away."
        ),
    }

    def get_client_ip(self, request) -> str:
        """The address every rate limit counts, from the trusted proxy's header when set.

        A request that did not come through every trusted proxy (no such header, or fewer
        X-Forwarded-For entries than proxies) counts against the address it came from,
        instead of failing.
        """
        try:
            address = httpkit.get_client_ip(request)
        except ImproperlyConfigured:
            address = None
        address = address or httpkit.clean_client_ip(request.META.get("REMOTE_ADDR", ""))
        if not address:
            raise PermissionDenied("The client's network address is unknown.")
        return address

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

    def confirm_email(self, request, email_address: EmailAddress) -> bool:
        """Confirms the address and, for a new account's first address, signs its owner in
        whichever browser opened the link: allauth does that only in the browser that signed
        up, and people often read the email on their phone.

        The link is allauth's: an expired or altered one is refused before this runs. It
        signs in once: the address is locked while it is confirmed, so a second opening of
        the link, even at the same moment, finds it confirmed and stops.
        """
        with transaction.atomic():
            unconfirmed = EmailAddress.objects.select_for_update().filter(
                pk=email_address.pk, verified=False
            )
            if not unconfirmed.exists():
                return False
            signs_in = is_first_address(email_address)
            if not super().confirm_email(request, email_address):
                return False
        if (
            signs_in
            and not request.user.is_authenticated
            and not signup_waits(request, email_address)
        ):
            self.login(request, email_address.user)
        return True

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """Account emails (address confirmation, password reset) go through the outbox too."""
        context = {
            **context,
            "email": email,
            "site_name": settings.SPOTLIGHT_SITE_NAME,
            "base_url": settings.SPOTLIGHT_BASE_URL,
        }
        for name, value in context.items():
            if name.endswith("_url") and isinstance(value, str):
                context[name] = on_base_url(value)
        message = self.render_mail(template_prefix, email, context)
        html = next((body for body, kind in message.alternatives if kind == "text/html"), "")
        name = template_prefix.rsplit("/", 1)[-1]
        queue_email(
            event=f"account.{name}",
            # Each of these is its own event: a second confirmation email is asked for on purpose.
            key=f"account.{name}:{uuid.uuid4().hex}",
            to=email,
            content=Content(subject=message.subject, text=message.body, html=html),
        )


def is_first_address(email_address: EmailAddress) -> bool:
    """Whether confirming this address proves a new, active account's only address: never an
    address added to an account that already had a confirmed one."""
    others = EmailAddress.objects.filter(user_id=email_address.user_id, verified=True)
    return email_address.user.is_active and not others.exclude(pk=email_address.pk).exists()


def signup_waits(request, email_address: EmailAddress) -> bool:
    """Whether this browser signed up for this account and waits for the confirmation: allauth
    then signs the person in itself and keeps where they were going."""
    stage = LoginStageController.enter(request, EmailVerificationStage.key)
    user = stage.login.user if stage is not None else None
    return user is not None and user.pk == email_address.user_id


def on_base_url(url: str) -> str:
    """Links in emails point at the configured public address, not the request's Host header."""
    if not url.startswith(("http://", "https://")):
        return url
    parts = urlsplit(url)
    return settings.SPOTLIGHT_BASE_URL + parts.path + (f"?{parts.query}" if parts.query else "")
