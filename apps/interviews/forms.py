"""The student's forms: asking for an interview, acting on it, and what follows the conversation.

The request form reads its times on the student's own clock and checks every rule of
rules.check_request in `clean`, so each problem is shown next to the field it is about; the
service checks them again inside its transaction.
"""

import uuid
import zoneinfo
from datetime import UTC, datetime

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils import timezone
from django.utils.html import format_html

from apps.accounts.models import User
from apps.directory.models import Format, SpotlightProfile
from apps.interviews import emails, rules
from apps.interviews.clock import place_of, show_time
from apps.interviews.models import (
    MAX_MINUTES,
    MIN_MINUTES,
    InterviewNote,
    InterviewRequest,
    Party,
    ProposedTime,
    Question,
)
from apps.notifications.services import Content, render
from apps.students.models import Contact

OWN_QUESTIONS = 5
TIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"]
TIME_LABELS = ["First time", "Second time", "Third time (optional)"]
# Far outside anything the rules accept, but inside what time zone arithmetic can handle.
EARLIEST_YEAR, LATEST_YEAR = 2000, 2999
NOTE_MAX_LENGTH = 2000
THANK_YOU_MAX_LENGTH = 5000
# Where the real email has its one-click links, which exist only once the request is sent.
PREVIEW_LINKS = {
    "accept": "[a one-click link to accept this time]",
    "decline": "[a one-click link to decline]",
    "request": "[a link to your request in Spotlight]",
}


def on_clock(moment: datetime, zone: str) -> datetime:
    """A wall-clock time as read in `zone`; refuses the hour that clocks skip in spring."""
    if not EARLIEST_YEAR <= moment.year <= LATEST_YEAR:
        raise ValidationError("Enter a date and time in the coming weeks.", code="invalid")
    aware = moment.replace(tzinfo=zoneinfo.ZoneInfo(zone))
    if aware.astimezone(UTC).astimezone(aware.tzinfo).replace(tzinfo=None) != moment:
        raise ValidationError(
            f"{moment:%H:%M} on {moment.day} {moment:%B} does not exist in {place_of(zone)} "
            "time: the clocks go forward then. Choose another time.",
            code="imaginary",
        )
    return aware


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"


class TimesWidget(forms.MultiWidget):
    """Three datetime-local inputs; the template labels each one."""

    def __init__(self):
        inputs = [DateTimeLocalInput(format=TIME_FORMATS[0]) for _ in TIME_LABELS]
        super().__init__(inputs)

    def decompress(self, value):
        return list(value or []) + [None] * (len(self.widgets) - len(value or []))


class TimesField(forms.Field):
    """Two or three start times typed on the student's clock, as aware datetimes (blanks left
    out); how many are needed, and which ones work, is for the rules to say."""

    widget = TimesWidget

    def __init__(self, *, zone: str, **kwargs):
        super().__init__(required=False, **kwargs)
        self.zone = zone

    def to_python(self, value) -> list[datetime]:
        values = list(value) if isinstance(value, list | tuple) else []
        times, problems = [], []
        for label, raw in zip(TIME_LABELS, values, strict=False):
            text = (raw or "").strip() if isinstance(raw, str) else ""
            if not text:
                continue
            try:
                times.append(on_clock(_parse(text), self.zone))
            except ValidationError as error:
                problems += [f"{label.split(' (')[0]}: {message}" for message in error.messages]
        if problems:
            raise ValidationError(problems)
        return times


def _parse(text: str) -> datetime:
    for time_format in TIME_FORMATS:
        try:
            return datetime.strptime(text, time_format)  # made aware by on_clock
        except ValueError:
            continue
    raise ValidationError("Enter a date and a time, such as 16 March at 14:00.", code="invalid")


class RequestForm(forms.Form):
    purpose = forms.CharField(
        label="Why this person, and what you want to learn",
        widget=forms.Textarea(attrs={"rows": 7}),
        help_text=f"{rules.PURPOSE_GUIDANCE} {rules.MIN_PURPOSE_WORDS} to "
        f"{rules.MAX_PURPOSE_WORDS} words.",
    )
    questions = forms.MultipleChoiceField(
        label="Questions from the question bank",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    format = forms.ChoiceField(label="How you would like to talk", widget=forms.RadioSelect)
    minutes = forms.IntegerField(
        label="How many minutes you ask for", min_value=MIN_MINUTES, max_value=MAX_MINUTES
    )
    referred_by = forms.CharField(
        label="Who suggested you ask them (optional)",
        required=False,
        max_length=rules.MAX_REFERRER_LENGTH,
    )
    may_mention_referrer = forms.BooleanField(
        label="They said I may mention their name", required=False
    )
    submission_key = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, data=None, *, student: User, profile: SpotlightProfile):
        super().__init__(data, initial={"submission_key": uuid.uuid4()})
        self.student, self.profile = student, profile
        self.zone = rules.student_time_zone(student)
        self.bank = {
            str(question.pk): question for question in Question.objects.filter(is_active=True)
        }
        self.fields["questions"].choices = [(pk, q.text) for pk, q in self.bank.items()]
        for number in range(1, OWN_QUESTIONS + 1):
            self.fields[f"own_question_{number}"] = forms.CharField(
                label=f"Your question {number}",
                required=False,
                max_length=rules.MAX_QUESTION_LENGTH,
            )
        offered = [(v, label) for v, label in Format.choices if v in profile.formats]
        self.fields["format"].choices = offered or Format.choices
        if len(self.fields["format"].choices) == 1:
            self.initial["format"] = self.fields["format"].choices[0][0]
        self.initial["minutes"] = profile.preferred_minutes
        minutes = self.fields["minutes"]
        minutes.help_text = format_html(
            "{} prefers about {} minutes.",
            rules.volunteer_first_name(profile),
            profile.preferred_minutes,
        )
        self.fields["times"] = TimesField(zone=self.zone, label="When you could talk")
        self.already_sent: InterviewRequest | None = None
        self.warnings: list[str] = []

    def own_question_fields(self) -> list[forms.BoundField]:
        return [self[f"own_question_{number}"] for number in range(1, OWN_QUESTIONS + 1)]

    def time_inputs(self) -> list[dict]:
        """Each of the three inputs with its own label, for the template."""
        widget = self["times"].subwidgets[0].data
        return [
            dict(input_, label=label)
            for input_, label in zip(widget["subwidgets"], TIME_LABELS, strict=True)
        ]

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned  # the rules need every value
        # The same form again (a double click, the back button, a second tab): the request it
        # sent is the answer, whatever the rules would say now.
        self.already_sent = (
            InterviewRequest.objects.for_student(self.student)
            .filter(submission_key=cleaned["submission_key"])
            .first()
        )
        if self.already_sent is None:
            fields = self.request_fields()
            del fields["submission_key"], fields["may_mention_referrer"]
            self.refuse(rules.check_request(student=self.student, profile=self.profile, **fields))
        return cleaned

    def refuse(self, check: rules.Check) -> None:
        """Show the rules' problems next to their fields, the others at the top."""
        self.warnings = check.warnings
        for field, messages in check.errors.items():
            target = field if field in self.fields and field != NON_FIELD_ERRORS else None
            for message in messages:
                if target == "purpose":
                    # The guidance is the field's help text, shown right under these notes.
                    message = message.replace(rules.PURPOSE_GUIDANCE, "").strip()
                self.add_error(target, message)

    def request_fields(self) -> dict:
        """The arguments of services.send_request, from a valid form."""
        data = self.cleaned_data
        own = [data.get(f"own_question_{number}", "") for number in range(1, OWN_QUESTIONS + 1)]
        chosen = [self.bank[pk].text for pk in self.bank if pk in data["questions"]]
        return {
            "purpose": data["purpose"],
            "questions": chosen + own,
            "format": data["format"],
            "minutes": data["minutes"],
            "times": data["times"],
            "referred_by": data["referred_by"],
            "may_mention_referrer": data["may_mention_referrer"],
            "submission_key": data["submission_key"],
        }

    def preview(self) -> Content:
        """The email the volunteer will receive, rendered from the template the service sends,
        with placeholders where the real one has links (they exist once the request does)."""
        fields = self.request_fields()
        now = timezone.now()
        unsent = InterviewRequest(
            student=self.student,
            profile=self.profile,
            purpose=fields["purpose"].strip(),
            questions=rules.clean_questions(fields["questions"]),
            format=fields["format"],
            minutes=fields["minutes"],
            referred_by=" ".join(fields["referred_by"].split()),
            may_mention_referrer=fields["may_mention_referrer"] and bool(fields["referred_by"]),
            student_time_zone=self.zone,
            volunteer_time_zone=rules.volunteer_time_zone(self.profile),
            created_at=now,
        )
        zone = unsent.volunteer_time_zone
        times = [
            {"label": show_time(time, zone), "accept_url": PREVIEW_LINKS["accept"]}
            for time in sorted(fields["times"])
        ]
        context = emails.request_received_context(
            unsent, times=times, decline_url=PREVIEW_LINKS["decline"]
        ) | {"request_url": PREVIEW_LINKS["request"]}
        return render("interview_request_received", context)


# --- Acting on a request ----------------------------------------------------------------------


class ConfirmForm(forms.Form):
    """The volunteer's proposal the student saw: if they proposed again since, it is stale."""

    time = forms.ModelChoiceField(queryset=ProposedTime.objects.none(), widget=forms.HiddenInput)

    def __init__(self, data=None, *, interview: InterviewRequest):
        super().__init__(data)
        self.fields["time"].queryset = interview.proposed_times.filter(proposed_by=Party.VOLUNTEER)


class CancelForm(forms.Form):
    note = forms.CharField(
        label="A note to the volunteer (optional)",
        required=False,
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example why, or whether you would like to ask again later.",
    )


# --- After the conversation -------------------------------------------------------------------


class NotesForm(forms.ModelForm):
    class Meta:
        model = InterviewNote
        fields = ["notes", "learnings", "advice"]
        widgets = {name: forms.Textarea(attrs={"rows": 5}) for name in fields}
        help_texts = {
            "notes": "Only you can read these: not the volunteer, and not your career advisor.",
            "learnings": "What surprised you, what you now understand about the work or the field.",
            "advice": "What they suggested you do, read, learn or try next.",
        }


class ReferralForm(forms.Form):
    name = forms.CharField(label="Their name", max_length=150)
    organisation = forms.CharField(label="Where they work", max_length=150, required=False)
    job_title = forms.CharField(label="Their role or title", max_length=150, required=False)
    may_mention_referrer = forms.BooleanField(required=False)
    # A box to tick rather than a list of every volunteer, which can run to thousands: the
    # name (and, when two share it, where they work) finds the profile.
    in_directory = forms.BooleanField(
        required=False,
        label="They are in the Alumni Career Spotlight directory",
        help_text="Give their name as it appears there; we link their profile in your log.",
    )
    notes = forms.CharField(
        label="Why they suggested this person (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, data=None, *, interview: InterviewRequest):
        super().__init__(data)
        self.interview = interview
        volunteer = rules.volunteer_first_name(interview.profile)
        self.fields[
            "may_mention_referrer"
        ].label = f"{volunteer} said I may mention them when I get in touch"

    def clean(self):
        cleaned = super().clean()
        wanted = cleaned.pop("in_directory", False)
        cleaned["spotlight_profile"] = None
        if wanted and cleaned.get("name"):
            cleaned["spotlight_profile"] = self._profile_named(
                " ".join(cleaned["name"].split()), cleaned.get("organisation", "").strip()
            )
        return cleaned

    def _profile_named(self, name: str, organisation: str) -> SpotlightProfile | None:
        matches = SpotlightProfile.objects.filter(is_published=True, full_name__iexact=name)
        if organisation and len(matches[:2]) > 1:
            matches = matches.filter(employer__iexact=organisation)
        found = list(matches.only("full_name", "employer")[:3])
        if not found:
            self.add_error(
                "in_directory",
                f"Nobody called “{name}” is listed in the directory. Check the spelling as it "
                "appears there, or untick this box.",
            )
            return None
        if len(found) > 1:
            examples = " or ".join(p.employer for p in found if p.employer) or "their employer"
            self.add_error(
                "organisation",
                f"Several volunteers are called {found[0].full_name}: say where this one works "
                f"({examples}).",
            )
            return None
        profile = found[0]
        if profile.pk == self.interview.profile_id:
            self.add_error("in_directory", "That is the volunteer you talked to.")
            return None
        if Contact.objects.filter(
            student=self.interview.student_id, spotlight_profile=profile
        ).exists():
            self.add_error(
                "in_directory",
                f"{profile.full_name} is already in your networking log: update that entry.",
            )
            return None
        return profile


class ThankYouForm(forms.Form):
    body = forms.CharField(
        label="Your thank-you note",
        max_length=THANK_YOU_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text="We started it from your notes: make it yours. Only what is in this box is "
        "sent; your notes stay private.",
    )

    def clean_body(self) -> str:
        body = self.cleaned_data["body"].strip()
        if len(body.split()) < 5:
            raise ValidationError("Write a few sentences: what you took away, and thanks.")
        return body
