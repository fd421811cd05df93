"""Who is listed in the directory: the volunteer's agreement, staff publishing, and inviting
the people of imported profiles to claim them.

Nobody is listed, nor asked for an interview, before they have joined and agreed: a profile
staff imported or set up is a draft until its person signs in, sees it as students will, and
says yes. Staff then publish it, once it says enough for a student to choose whom to ask.
"""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from apps.accounts import services as accounts
from apps.accounts.models import Invitation, Role, User, normalize_email
from apps.directory.models import SpotlightProfile
from apps.directory.profile_status import listing_problems
from apps.directory.services import profile_for


class ListingRefused(Exception):
    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


def agree(*, user: User) -> SpotlightProfile:
    """Record that the volunteer agrees to be listed and contacted (the first time only)."""
    with transaction.atomic():
        profile = profile_for(user)
        SpotlightProfile.objects.filter(pk=profile.pk, agreed_at__isnull=True).update(
            agreed_at=timezone.now()
        )
    profile.refresh_from_db(fields=["agreed_at"])
    return profile


def withdraw(*, user: User) -> None:
    """The volunteer takes back their agreement: they leave the directory at once."""
    SpotlightProfile.objects.filter(user=user).update(
        agreed_at=None, is_published=False, published_at=None, updated_at=timezone.now()
    )


def set_published(*, profile: SpotlightProfile, published: bool) -> None:
    """Staff list or hide a profile; listing is refused, with why, until it may be listed."""
    with transaction.atomic():
        # Locked, so that a volunteer withdrawing at this moment is not listed a moment later.
        current = SpotlightProfile.objects.select_for_update().get(pk=profile.pk)
        if published:
            problems = listing_problems(current)
            if problems:
                raise ListingRefused(problems)
        current.is_published = published
        current.published_at = timezone.now() if published else None
        current.save(update_fields=["is_published", "published_at", "updated_at"])


@dataclass(frozen=True)
class BulkInvitation:
    invited: int
    # Already had a live invitation: left alone, so that nobody gets the same email twice.
    already_invited: int
    # Has an account already (they can sign in and claim the profile).
    has_account: int


def invite_to_claim(*, profiles, invited_by: User) -> BulkInvitation:
    """Invite the people of these profiles who have not joined, each to claim their profile."""
    unclaimed = list(profiles.filter(user__isnull=True).only("email", "full_name"))
    emails = [normalize_email(profile.email) for profile in unclaimed]
    with_account = set(User.objects.filter(email__in=emails).values_list("email", flat=True))
    live = set(Invitation.objects.live().filter(email__in=emails).values_list("email", flat=True))
    invited = 0
    for profile in unclaimed:
        email = normalize_email(profile.email)
        if email in with_account or email in live:
            continue
        accounts.invite(
            email=email, full_name=profile.full_name, role=Role.ALUMNI, invited_by=invited_by
        )
        invited += 1
    return BulkInvitation(
        invited=invited,
        already_invited=len(live - with_account),
        has_account=len(with_account),
    )


def invitation_summary(sent: BulkInvitation) -> str:
    parts = [f"{sent.invited} {'person' if sent.invited == 1 else 'people'} invited"]
    if sent.already_invited:
        parts.append(f"{sent.already_invited} already had a live invitation and were left alone")
    if sent.has_account:
        parts.append(f"{sent.has_account} already have an account and can sign in to claim")
    return "; ".join(parts) + "."
