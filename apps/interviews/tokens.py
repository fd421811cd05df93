"""One-click reply links: a volunteer accepts a time or declines straight from the email.

A link is a signed, timestamped payload (request id, action, proposed time id, random nonce).
The signature stops anyone from changing what a link opens; the timestamp makes it expire; the
nonce, recorded in UsedToken in the same transaction as the change it makes, makes it work once.
Nothing is stored when a link is made, so a leaked outbox row is the only way to get one.
"""

import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.core import signing
from django.db import IntegrityError, transaction
from django.utils import timezone

from apps.interviews.models import Action, InterviewRequest, Party, ProposedTime, UsedToken

SALT = "apps.interviews.reply-link"
LIFETIME = timedelta(days=14)
LINK_ACTIONS = (Action.ACCEPT, Action.DECLINE)
SIGN_IN_HINT = (
    "You can still answer: sign in to Spotlight and open the request from your list of "
    "requests, or use the links in the most recent email we sent you about it."
)


class LinkProblem(Exception):
    """Why a reply link cannot be used, in words for the person who clicked it."""

    reason = "invalid"

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class LinkTampered(LinkProblem):
    reason = "tampered"


class LinkExpired(LinkProblem):
    reason = "expired"


class LinkUsed(LinkProblem):
    reason = "used"


class LinkMismatch(LinkProblem):
    """The link is genuine but does not fit: its request is gone, or it is used for another
    request, action or time."""

    reason = "mismatch"


@dataclass(frozen=True)
class Reply:
    """What a verified link allows: this one action on this one request (and this time)."""

    request: InterviewRequest
    action: str
    proposed_time: ProposedTime | None
    nonce: str


def make_token(
    *, request: InterviewRequest, action: str, proposed_time: ProposedTime | None = None
) -> str:
    if action not in LINK_ACTIONS:
        raise ValueError(f"No one-click link for {action!r}.")
    if (action == Action.ACCEPT) != (proposed_time is not None):
        raise ValueError("An accept link names one proposed time; a decline link none.")
    payload = {
        "r": request.pk,
        "a": str(action),
        "t": proposed_time.pk if proposed_time else None,
        "n": secrets.token_urlsafe(16),
    }
    return signing.dumps(payload, salt=SALT)


def read_token(token: str) -> Reply:
    """Check a link and load what it opens. Whether the request still allows that action is
    for the lifecycle to decide."""
    try:
        payload = signing.loads(token, salt=SALT, max_age=LIFETIME)
    except signing.SignatureExpired:
        raise LinkExpired(
            f"This link has expired: reply links work for {LIFETIME.days} days. {SIGN_IN_HINT}"
        ) from None
    except signing.BadSignature:
        raise _tampered() from None
    if not _well_formed(payload):
        raise _tampered()

    found = (
        InterviewRequest.objects.select_related("student", "profile")
        .filter(pk=payload["r"])
        .first()
    )
    if found is None:
        raise LinkMismatch("This link is for a request that is no longer in Spotlight.")
    proposed_time = None
    if payload["t"] is not None:
        proposed_time = ProposedTime.objects.filter(
            pk=payload["t"], request=found, proposed_by=Party.STUDENT
        ).first()
        if proposed_time is None:
            raise LinkMismatch(
                "This link names a time that was not offered in this request. " + SIGN_IN_HINT
            )
    if UsedToken.objects.filter(nonce=payload["n"]).exists():
        raise _used()
    return Reply(
        request=found, action=payload["a"], proposed_time=proposed_time, nonce=payload["n"]
    )


def mark_used(reply: Reply, *, now=None) -> None:
    """Record the link as used, in the caller's transaction; LinkUsed if it already was.

    Two clicks at once both reach this insert: the second waits on the unique index until the
    first commits, then fails here, so only one of them ever changes the request.
    """
    try:
        with transaction.atomic():
            UsedToken.objects.create(
                nonce=reply.nonce,
                request=reply.request,
                action=reply.action,
                used_at=now or timezone.now(),
            )
    except IntegrityError:
        raise _used() from None


def _well_formed(payload) -> bool:
    return (
        isinstance(payload, dict)
        and set(payload) == {"r", "a", "t", "n"}
        and isinstance(payload["r"], int)
        and payload["a"] in LINK_ACTIONS
        and (payload["t"] is None or isinstance(payload["t"], int))
        and (payload["a"] == Action.ACCEPT) == (payload["t"] is not None)
        and isinstance(payload["n"], str)
        and 0 < len(payload["n"]) <= 64
    )


def _tampered() -> LinkTampered:
    return LinkTampered(
        "This link is not valid: part of it may be missing or changed. Open it again from "
        "the email, or copy the whole address into your browser. " + SIGN_IN_HINT
    )


def _used() -> LinkUsed:
    return LinkUsed(
        "This link has already been used, so your answer is recorded. Each reply link works "
        "once. To see the request or change your answer, sign in to Spotlight and open it from "
        "your list of requests."
    )
