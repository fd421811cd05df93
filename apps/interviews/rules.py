"""Every rule for sending an interview request, checked in one place: `check_request`.

It returns all the problems at once, each explained for the student and keyed by the form
field it belongs to (NON_FIELD_ERRORS for the rest), and warnings that do not stop the request.
A form calls it to show the problems next to its fields; `services.send_request` calls it
again inside its transaction, where the limits cannot change under it.
"""

import re
import zoneinfo
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from itertools import combinations

from django.conf import settings
from django.contrib.postgres.aggregates import ArrayAgg
from django.core.exceptions import NON_FIELD_ERRORS
from django.db.models import Count, Max, Q
from django.utils import timezone

from apps.accounts.models import Role, User
from apps.directory.models import Blackout, Format, SpotlightProfile
from apps.interviews.clock import center_today, show_day, show_time, zone_or_default
from apps.interviews.emails import first_name
from apps.interviews.models import (
    MAX_MINUTES,
    MIN_MINUTES,
    OPEN_STATES,
    InterviewRequest,
    SlowPeriod,
)

MIN_TIMES, MAX_TIMES = 2, 3
MIN_NOTICE = timedelta(hours=24)
MAX_AHEAD = timedelta(days=60)
MIN_PURPOSE_WORDS, MAX_PURPOSE_WORDS = 25, 250
MAX_QUESTIONS = 10
MAX_QUESTION_LENGTH = 300
MAX_REFERRER_LENGTH = 150

PURPOSE_GUIDANCE = (
    "Say why you are asking this person in particular and what you hope to learn. Mention "
    "something from their profile (where they work, their role, their field, or a part of "
    "their story) and one or two things you want to understand. For example: “You moved from "
    "teaching into credit analysis at Fabrikam Bank. I'm a junior in economics weighing the "
    "same switch, and I'd like to hear which skills carried over and what surprised you in "
    "your first year.”"
)

# Asks that tell a volunteer nothing about what the student wants: (shown as, pattern).
VAGUE_PHRASES = [
    ("pick your brain", r"\bpick (?:your|ur) brains?\b"),
    ("can we chat", r"\bcan we (?:have a )?chat\b"),
    ("build my network", r"\b(?:build|building|grow|growing|expand|expanding) my (?:\w+ )?network"),
    ("grab a coffee", r"\b(?:grab|get) (?:a )?coffee\b"),
    ("touch base", r"\btouch base\b"),
]
JOB_ASK = re.compile(
    r"\bhire me\b|\blooking for (?:a )?(?:job|work|an internship)\b"
    r"|\b(?:job|internship|position)s? (?:openings?|opportunit(?:y|ies)|vacanc(?:y|ies))\b"
    r"|\b(?:any|open) (?:openings|vacancies|positions)\b"
    r"|\brefer me for\b",
    re.IGNORECASE,
)

# Words that say nothing about one person in particular: they neither make a request specific
# nor count as something concrete from a profile.
COMMON_WORDS = frozenset(
    """
    a about above after again all also am an and any are as ask asked asking at be because been
    before being best better between both but by can could did do does doing done during each
    even ever every few for from further get gets getting give go going good got great had has
    have having he help helped her here hers him his hope how however i if in into is it its
    just know like liked love make many may me might more most much must my myself need new no
    not now of off on once one only or other our out over own part people person really same see
    she should so some such take tell than thank thanks that the their them then there these
    they thing things think this those through time to too two under until up us use used using
    very want wanted was way we well were what when where which while who whom why will wish
    with would year years yet you your yours yourself
    advice career careers chat company day days dear experience experiences field find hear
    hello hi interview interviews job jobs learn learning life move moved network networking
    professional question questions role roles start started student students talk work working
    works world
    """.split()  # noqa: SIM905 - a word list reads better as text
)
_WORD = re.compile(r"\w+(?:[+#]+)?")
_SUFFIXES = ("ations", "ation", "ings", "ing", "ers", "er", "ies", "es", "ed", "ly", "s", "e", "y")


@dataclass
class Check:
    """Problems that stop the request, by field, and warnings that do not."""

    errors: dict[str, list[str]] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    @property
    def is_ok(self) -> bool:
        return not self.errors

    def add(self, field_name: str, message: str) -> None:
        self.errors.setdefault(field_name, []).append(message)


class RequestRefused(Exception):
    """The request breaks at least one rule; `check` holds every problem."""

    def __init__(self, check: Check):
        super().__init__("; ".join(m for messages in check.errors.values() for m in messages))
        self.check = check


def max_open_requests() -> int:
    return settings.SPOTLIGHT_MAX_OPEN_REQUESTS


def max_requests_per_day() -> int:
    return max(settings.SPOTLIGHT_MAX_REQUESTS_PER_DAY, 1)


def student_time_zone(student: User) -> str:
    return zone_or_default(student.time_zone)


def volunteer_time_zone(profile: SpotlightProfile) -> str:
    """The profile's own time zone, else the volunteer's account's, else the career center's."""
    return zone_or_default(profile.time_zone, profile.user.time_zone if profile.user else "")


def clean_questions(questions: list[str]) -> list[str]:
    """Trimmed, without blanks, each question once, in the student's order."""
    seen, cleaned = set(), []
    for question in questions:
        text = " ".join(question.split())
        if text and text.casefold() not in seen:
            seen.add(text.casefold())
            cleaned.append(text)
    return cleaned


def check_request(
    *,
    student: User,
    profile: SpotlightProfile,
    purpose: str,
    questions: list[str],
    format: str,
    minutes: int,
    times: list[datetime],
    referred_by: str = "",
    now: datetime | None = None,
) -> Check:
    now = now or timezone.now()
    check = Check()
    name = volunteer_first_name(profile)
    _check_who(check, student, profile, name, now)
    for message in purpose_problems(purpose, profile):
        check.add("purpose", message)
    if len(" ".join(referred_by.split())) > MAX_REFERRER_LENGTH:
        check.add(
            "referred_by",
            f"Give just the name of who suggested {name} (at most {MAX_REFERRER_LENGTH} "
            "characters).",
        )
    _check_questions(check, clean_questions(questions))
    _check_format(check, profile, format, name)
    _check_minutes(check, profile, minutes, name)
    _check_times(check, student, profile, times, minutes, name, now)
    return check


def _check_who(check: Check, student: User, profile: SpotlightProfile, name: str, now) -> None:
    if student.role != Role.STUDENT:
        check.add(NON_FIELD_ERRORS, "Only students can ask for informational interviews.")
    if profile.user_id is not None and profile.user_id == student.pk:
        check.add(NON_FIELD_ERRORS, "This is your own profile: choose someone else to ask.")
    if not profile.is_published:
        check.add(
            NON_FIELD_ERRORS,
            f"{profile.full_name} is not listed in the directory at the moment, so they can't "
            "be asked. Choose someone else from the directory.",
        )
    pending = InterviewRequest.objects.for_student(student).open()
    same = pending.filter(profile=profile).first()
    if same is not None:
        check.add(
            NON_FIELD_ERRORS,
            f"You already have an open request with {profile.full_name} (sent on "
            f"{show_day(timezone.localdate(same.created_at))}). Wait for their answer, or "
            "cancel that request before you send a new one.",
        )
    _check_limits(check, student, now)
    today = center_today(now)
    if not SpotlightProfile.objects.filter(pk=profile.pk).accepting(today).exists():
        check.add(NON_FIELD_ERRORS, _why_not_accepting(profile, name, today))


def _check_limits(check: Check, student: User, now: datetime) -> None:
    """The limit on open requests and the one on a day's sends, read in one query. A day's
    sends include those cancelled since, or sending and cancelling would have no limit."""
    sent = InterviewRequest.objects.for_student(student).aggregate(
        open=Count("pk", filter=Q(state__in=OPEN_STATES)),
        recent=ArrayAgg(
            "created_at", filter=Q(created_at__gt=now - timedelta(days=1)), order_by="-created_at"
        ),
    )
    limit = max_open_requests()
    if sent["open"] >= limit:
        check.add(
            NON_FIELD_ERRORS,
            f"You have {limit} requests waiting or scheduled, the most you can have at once. "
            "When one of them is answered, held or cancelled, you can send another. Spreading "
            "requests out also lets you prepare well for each conversation.",
        )
    _check_day(check, student, sent["recent"] or [])


def _check_day(check: Check, student: User, recent: list[datetime]) -> None:
    """At most max_requests_per_day() sends in any 24 hours (`recent`: the last day's sends,
    newest first)."""
    limit = max_requests_per_day()
    if len(recent) < limit:
        return
    # The send that has to leave the last 24 hours before one more fits under the limit.
    next_at = show_time(recent[limit - 1] + timedelta(days=1), student_time_zone(student))
    check.add(
        NON_FIELD_ERRORS,
        f"You have sent {limit} request{'s' if limit != 1 else ''} in the last 24 hours "
        "(cancelled ones count too), the most you can send in a day. You can send the next "
        f"one from {next_at}. A day between requests also leaves time to prepare each one well.",
    )


def _why_not_accepting(profile: SpotlightProfile, name: str, today) -> str:
    if profile.paused_until is not None and profile.paused_until >= today:
        return (
            f"{name} has paused requests until {show_day(profile.paused_until, year=True)}. "
            "Ask them after that, or choose someone else from the directory."
        )
    away = Blackout.objects.filter(profile=profile, starts_on__lte=today, ends_on__gte=today)
    back = away.aggregate(back=Max("ends_on"))["back"]
    if back is not None:
        return (
            f"{name} is away until {show_day(back, year=True)} and takes no requests until "
            "then. Ask them after that, or choose someone else from the directory."
        )
    return (
        f"{name} has had all the requests they can take this month. They take new ones from "
        f"{show_day(profile.reopens_on(today))}; until then, choose someone else from the "
        "directory."
    )


def purpose_problems(purpose: str, profile: SpotlightProfile) -> list[str]:
    """Why a purpose is too generic to send, or nothing if it is specific enough."""
    problems = []
    name = volunteer_first_name(profile)
    count = len(purpose.split())
    if count < MIN_PURPOSE_WORDS:
        problems.append(
            f"Tell {name} a little more: your message has {count} "
            f"word{'s' if count != 1 else ''}, and a specific ask takes at least "
            f"{MIN_PURPOSE_WORDS}. {PURPOSE_GUIDANCE}"
        )
    elif count > MAX_PURPOSE_WORDS:
        problems.append(
            f"Keep it under {MAX_PURPOSE_WORDS} words (it has {count}): volunteers read "
            "requests in their inbox, and a short, specific ask gets answered."
        )
    matches = [(re.search(pattern, purpose, re.I), shown) for shown, pattern in VAGUE_PHRASES]
    # Named in the order the student wrote them.
    vague = [shown for _, shown in sorted((m.start(), shown) for m, shown in matches if m)]
    if vague:
        quoted = " and ".join(f"“{shown.capitalize()}”" for shown in vague)
        problems.append(
            f"{quoted} {'don' if len(vague) > 1 else 'doesn'}'t tell {name} what you want to "
            f"learn, and asks like {'these' if len(vague) > 1 else 'it'} are often left "
            "unanswered. Say instead what you would like to understand: how they got into "
            "their role, what a normal week looks like, which skills matter most."
        )
    if JOB_ASK.search(purpose):
        problems.append(
            "An informational interview is for learning about someone's work, not for asking "
            "about openings or a job. Ask about their path and their field instead; "
            "opportunities tend to follow from good conversations."
        )
    if count and not mentions_profile(purpose, profile):
        problems.append(
            f"Say why you chose {name} in particular: mention something from their profile, "
            f"such as {_examples(profile)}."
        )
    return problems


def mentions_profile(text: str, profile: SpotlightProfile) -> bool:
    """Whether the text names something concrete about this person: their employer, title,
    field, topics, studies, earlier roles or words from their story (loosely: "nurse" finds
    "nursing")."""
    return bool(_stems(text) & _stems(" ".join(_profile_texts(profile))))


def _profile_texts(profile: SpotlightProfile) -> list[str]:
    texts = [
        profile.employer,
        profile.job_title,
        profile.major,
        profile.degree,
        profile.further_education,
        profile.story_path,
        profile.story_day,
        profile.story_advice,
        *profile.topics,
        *profile.industries.values_list("name", flat=True),
        *profile.job_functions.values_list("name", flat=True),
    ]
    for employer, title in profile.previous_roles.values_list("employer", "title"):
        texts += [employer, title]
    return texts


def _stems(text: str) -> set[str]:
    words = {word for word in _WORD.findall(text.casefold()) if not word.isdigit()}
    return {_stem(word) for word in words} - _COMMON_STEMS


def _stem(word: str) -> str:
    """A crude English stemmer, enough to match "engineering" with "engineer"."""
    changed = True
    while changed:
        changed = False
        for suffix in _SUFFIXES:
            if word.endswith(suffix) and len(word) - len(suffix) >= 3:
                word = word[: -len(suffix)]
                changed = True
                break
    return word


_COMMON_STEMS = frozenset(_stem(word) for word in COMMON_WORDS)


def _examples(profile: SpotlightProfile) -> str:
    examples = []
    if profile.employer:
        examples.append(f"their work at {profile.employer}")
    if profile.job_title:
        examples.append(f"their role as {profile.job_title}")
    if profile.topics:
        examples.append(f"a topic they talk about ({profile.topics[0]})")
    examples.append("something from their career story")
    return ", ".join(examples[:-1]) + f" or {examples[-1]}" if len(examples) > 1 else examples[0]


def _check_questions(check: Check, questions: list[str]) -> None:
    if not questions:
        check.add(
            "questions",
            "Add at least one question you would like to ask: pick from the question bank or "
            "write your own.",
        )
    if len(questions) > MAX_QUESTIONS:
        check.add(
            "questions",
            f"Choose at most {MAX_QUESTIONS} questions: in a short conversation a few good "
            "ones go further.",
        )
    if any(len(question) > MAX_QUESTION_LENGTH for question in questions):
        check.add("questions", f"Keep each question under {MAX_QUESTION_LENGTH} characters.")


def _check_format(check: Check, profile: SpotlightProfile, format: str, name: str) -> None:
    if format not in Format.values:
        check.add("format", "Choose how you would like to talk: by phone, video call or in person.")
    elif profile.formats and format not in profile.formats:
        offered = [label.lower() for value, label in Format.choices if value in profile.formats]
        check.add(
            "format",
            f"{name} talks with students by {' or '.join(offered)}: choose one of those.",
        )


def _check_minutes(check: Check, profile: SpotlightProfile, minutes: int, name: str) -> None:
    if not MIN_MINUTES <= minutes <= MAX_MINUTES:
        check.add(
            "minutes",
            f"Ask for {MIN_MINUTES} to {MAX_MINUTES} minutes: a short, bounded ask is easy to "
            "say yes to, and you can always go on if they offer.",
        )
    elif minutes > profile.preferred_minutes:
        check.warnings.append(
            f"{name} prefers conversations of about {profile.preferred_minutes} minutes; "
            "consider asking for that."
        )


def _check_times(
    check: Check,
    student: User,
    profile: SpotlightProfile,
    times: list[datetime],
    minutes: int,
    name: str,
    now: datetime,
) -> None:
    if any(timezone.is_naive(time) for time in times):
        raise ValueError("Proposed times must be aware datetimes.")
    zone = student_time_zone(student)
    if not MIN_TIMES <= len(times) <= MAX_TIMES:
        check.add(
            "times",
            f"Offer {MIN_TIMES} or {MAX_TIMES} times, so that {name} can pick one that suits them.",
        )
    volunteer_zone = zoneinfo.ZoneInfo(volunteer_time_zone(profile))
    their_today = timezone.localdate(now, volunteer_zone)
    blackouts = list(Blackout.objects.filter(profile=profile, ends_on__gte=their_today))
    for time in times:
        shown = show_time(time, zone)
        if time <= now:
            check.add("times", f"{shown} has already passed.")
        elif time < now + MIN_NOTICE:
            check.add(
                "times",
                f"{shown} is less than 24 hours away: give {name} at least a day to answer.",
            )
        elif time > now + MAX_AHEAD:
            check.add("times", f"{shown} is too far ahead: offer times within the next two months.")
        their_day = time.astimezone(volunteer_zone).date()
        for blackout in blackouts:
            if blackout.starts_on <= their_day <= blackout.ends_on:
                away = (
                    f"on {show_day(blackout.starts_on)}"
                    if blackout.starts_on == blackout.ends_on
                    else f"from {show_day(blackout.starts_on)} to {show_day(blackout.ends_on)}"
                )
                check.add(
                    "times", f"{name} is away {away}, and {shown} falls then. Choose another time."
                )
    for first, second in combinations(sorted(times), 2):
        if second - first < timedelta(minutes=max(minutes, MIN_MINUTES)):
            check.add(
                "times",
                f"{show_time(first, zone)} and {show_time(second, zone)} overlap: offer "
                f"different times so that {name} has a real choice.",
            )
    _warn_slow_periods(check, times, zone)


def _warn_slow_periods(check: Check, times: list[datetime], zone: str) -> None:
    warned = set()
    for time in sorted(times):
        day = center_today(time)
        for period in SlowPeriod.objects.covering(day):
            if period.pk in warned:
                continue
            warned.add(period.pk)
            check.warnings.append(
                f"{show_time(time, zone)} falls in {period.name} ({show_day(period.starts_on)} to "
                f"{show_day(period.ends_on)}), when replies are often slower. Expect to wait "
                "longer for an answer, or offer times outside it."
            )


def volunteer_first_name(profile: SpotlightProfile) -> str:
    return first_name(profile.full_name, "The volunteer")
