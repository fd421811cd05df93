"""Joining, leaving and managing accounts."""

from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from apps.accounts import personal_data
from apps.accounts.models import (
    AlumniApplication,
    Invitation,
    Role,
    User,
    normalize_email,
    token_digest,
)
from apps.notifications.services import queue_email, render


class InvitationProblem(Exception):
    """Why an invitation link cannot be used, in words for the person holding it."""

    def __init__(self, reason: str, message: str):
        super().__init__(message)
        self.reason = reason
        self.message = message


@dataclass(frozen=True)
class SentInvitation:
    invitation: Invitation
    # True when the address already had a live invitation, which got a fresh link instead.
    is_refresh: bool


def invite(*, email: str, full_name: str, role: str, invited_by: User | None) -> SentInvitation:
    """Email a link to join; an address with a live invitation gets that one with a fresh link."""
    if role not in Invitation.INVITABLE_ROLES:
        raise ValueError(f"Only alumni and advisors are invited, not {role!r}.")
    email = normalize_email(email)
    token = Invitation.new_token()
    with transaction.atomic():
        _lock_invitations_to(email)
        invitation, is_refresh = _live_invitation_to(email, invited_by)
        invitation.full_name = full_name or invitation.full_name
        invitation.role = role
        # Only the digest is stored, so replacing it is what stops an earlier link working.
        invitation.token_digest = token_digest(token)
        invitation.expires_at = Invitation.default_expiry()
        refreshed = ["full_name", "role", "token_digest", "expires_at"]
        invitation.save(update_fields=refreshed if is_refresh else None)
        _email_invitation(invitation, token)
    return SentInvitation(invitation=invitation, is_refresh=is_refresh)


def _lock_invitations_to(email: str) -> None:
    # Two staff (or one double click) inviting the same address at once would each find no
    # live invitation and each create one; the second waits here and then finds the first.
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [f"invitation:{email}"])


def _live_invitation_to(email: str, invited_by: User | None) -> tuple[Invitation, bool]:
    live = list(Invitation.objects.live().filter(email=email).order_by("-created_at"))
    if not live:
        return Invitation(email=email, invited_by=invited_by), False
    newest, *older = live
    # Addresses invited twice before invitations were refreshed keep one working link.
    Invitation.objects.filter(pk__in=[old.pk for old in older]).update(revoked_at=timezone.now())
    return newest, True


def _email_invitation(invitation: Invitation, token: str) -> None:
    accept_url = settings.SPOTLIGHT_BASE_URL + reverse("accounts:accept_invitation", args=[token])
    queue_email(
        event="invitation",
        # One email per link: a refreshed invitation is a new event.
        key=f"invitation:{invitation.pk}:{invitation.token_digest[:16]}",
        to=invitation.email,
        name=invitation.full_name,
        reply_to=settings.SPOTLIGHT_REPLY_TO_EMAIL,
        content=render("invitation", {"invitation": invitation, "accept_url": accept_url}),
        about=invitation,
    )


def usable_invitation(token: str) -> Invitation:
    invitation = Invitation.objects.filter(token_digest=token_digest(token)).first()
    if invitation is None:
        raise InvitationProblem(
            "unknown",
            "This invitation link is not valid. Check that you copied the whole link from the "
            "email, or ask the career center for a new invitation.",
        )
    if invitation.accepted_at is not None:
        raise InvitationProblem(
            "used",
            "This invitation has already been used to set up an account. Sign in with the "
            "email address it was sent to, or reset your password if you have forgotten it.",
        )
    if invitation.revoked_at is not None:
        raise InvitationProblem(
            "revoked", "The career center has withdrawn this invitation. Ask them for a new one."
        )
    if invitation.is_expired():
        raise InvitationProblem(
            "expired",
            "This invitation link has expired. Ask the career center to send you a new one.",
        )
    if User.objects.filter(email=invitation.email).exists():
        raise InvitationProblem(
            "account_exists",
            f"An account already uses {invitation.email}. Sign in with it instead.",
        )
    return invitation


def accept_invitation(*, token: str, full_name: str, password: str) -> User:
    with transaction.atomic():
        invitation = usable_invitation(token)
        user = User.objects.create_user(
            invitation.email, password, full_name=full_name, role=invitation.role
        )
        # The link reached this inbox, which proves the address is theirs.
        EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=True)
        claimed = (
            Invitation.objects.pending()
            .filter(pk=invitation.pk)
            .update(accepted_at=timezone.now(), accepted_by=user)
        )
        if claimed != 1:  # Someone used the same link a moment earlier; roll back.
            raise InvitationProblem("used", "This invitation has already been used.")
    return user


def submit_application(*, fields: dict) -> AlumniApplication | None:
    """Save an offer to volunteer and thank the applicant by email.

    None when the address already has an offer waiting for review: that one stands and nobody
    is emailed again. The applicant's page reads the same either way, so it tells a stranger
    nothing about who has applied.
    """
    with transaction.atomic():
        try:
            with transaction.atomic():
                application = AlumniApplication.objects.create(
                    **{**fields, "email": normalize_email(fields["email"])}
                )
        except IntegrityError as error:
            if _constraint_of(error) != "application_one_pending_per_email":
                raise
            return None
        _email_applicant(application, "application_received")
    return application


def _constraint_of(error: IntegrityError) -> str | None:
    diagnostics = getattr(error.__cause__, "diag", None)
    return getattr(diagnostics, "constraint_name", None)


def approve_application(*, application: AlumniApplication, reviewer: User) -> bool:
    """Approve a pending application and invite the applicant; False if already reviewed."""
    with transaction.atomic():
        if not _mark_reviewed(application, reviewer, AlumniApplication.Status.APPROVED):
            return False
        if not User.objects.filter(email=application.email).exists():
            invitation = invite(
                email=application.email,
                full_name=application.full_name,
                role=Role.ALUMNI,
                invited_by=reviewer,
            ).invitation
            # An earlier approved offer may already hold this invitation, now refreshed.
            if not AlumniApplication.objects.filter(invitation=invitation).exists():
                application.invitation = invitation
                application.save(update_fields=["invitation"])
    return True


def decline_application(*, application: AlumniApplication, reviewer: User) -> bool:
    with transaction.atomic():
        if not _mark_reviewed(application, reviewer, AlumniApplication.Status.DECLINED):
            return False
        _email_applicant(application, "application_declined")
    return True


def _email_applicant(application: AlumniApplication, event: str) -> None:
    queue_email(
        event=event,
        key=f"{event}:{application.pk}",
        # No name: anyone can type any address into the form, so the email carries nothing
        # else they typed.
        to=application.email,
        reply_to=settings.SPOTLIGHT_REPLY_TO_EMAIL,
        content=render(event, {"application": application}),
        about=application,
    )


def _mark_reviewed(application: AlumniApplication, reviewer: User, status: str) -> bool:
    # Conditional update: two staff clicking at once review it once, and email once.
    changed = AlumniApplication.objects.filter(
        pk=application.pk, status=AlumniApplication.Status.PENDING
    ).update(status=status, reviewed_at=timezone.now(), reviewed_by=reviewer)
    return changed == 1


def update_profile(*, user: User, full_name: str, pronouns: str, time_zone: str) -> None:
    user.full_name = full_name
    user.pronouns = pronouns
    user.time_zone = time_zone
    user.save(update_fields=["full_name", "pronouns", "time_zone"])


def export_account_data(*, user: User) -> dict:
    return {
        "account": {
            "email": user.email,
            "full_name": user.full_name,
            "pronouns": user.pronouns,
            "time_zone": user.time_zone or settings.TIME_ZONE,
            "role": user.get_role_display(),
            "joined": user.date_joined.isoformat(),
            "last_sign_in": user.last_login.isoformat() if user.last_login else None,
        },
        "email_addresses": [
            {"email": address.email, "verified": address.verified, "primary": address.primary}
            for address in EmailAddress.objects.filter(user=user).order_by("email")
        ],
        **personal_data.export_sections(user),
    }


def delete_account(*, user: User) -> None:
    """Erase the person's data; keep an anonymous row so others' records stay whole."""
    with transaction.atomic():
        personal_data.erase_sections(user)
        EmailAddress.objects.filter(user=user).delete()
        user.email = f"deleted-{user.pk}@deleted.invalid"
        user.full_name = ""
        user.pronouns = ""
        user.time_zone = ""
        user.is_active = False
        user.is_staff = False
        user.is_superuser = False
        user.deleted_at = timezone.now()
        # A new unusable password also ends every session the person had open.
        user.set_unusable_password()
        user.save()


@dataclass(frozen=True)
class StaffOverview:
    pending_applications: int
    pending_invitations: int


def staff_overview() -> StaffOverview:
    return StaffOverview(
        pending_applications=AlumniApplication.objects.filter(
            status=AlumniApplication.Status.PENDING
        ).count(),
        pending_invitations=Invitation.objects.live().count(),
    )
