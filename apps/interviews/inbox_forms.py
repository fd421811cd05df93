"""The volunteer's answers to a request: accept a time, propose another, decline, cancel.

Each form has its own prefix, because the request page shows several at once. Field names
match the `field` of the lifecycle's errors, so a refusal lands next to the field it concerns.
"""

import re

from django import forms
from django.utils import timezone

from apps.directory.models import SpotlightProfile
from apps.interviews.clock import show_time
from apps.interviews.models import InterviewRequest, Party, ProposedTime

NOTE_MAX_LENGTH = 1000
MEETING_DETAILS_MAX_LENGTH = InterviewRequest._meta.get_field("meeting_details").max_length
# "Jo Lee (Fabrikam Bank)": a name, and the employer that tells two people of that name apart.
NAME_AND_EMPLOYER = re.compile(r"^(?P<name>.+?)\s*\((?P<employer>[^()]+)\)$")


def meeting_details_field(label: str) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        max_length=MEETING_DETAILS_MAX_LENGTH,
        help_text="A phone number, a video call link or a place. Both of you see it, and it "
        "goes into the calendar invite.",
    )


def note_field(label: str, help_text: str = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=help_text,
    )


class AcceptForm(forms.Form):
    time = forms.ModelChoiceField(
        queryset=ProposedTime.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
        label="Choose one of the student's times",
        error_messages={
            "required": "Choose one of the times.",
            "invalid_choice": "Choose one of the times offered that is still ahead.",
        },
    )
    meeting_details = meeting_details_field("How to meet (optional)")

    def __init__(self, *args, interview: InterviewRequest, **kw):
        kw.setdefault("prefix", "accept")
        super().__init__(*args, **kw)
        field = self.fields["time"]
        # Only the times still ahead: a time that has passed cannot be accepted.
        field.queryset = interview.proposed_times.filter(
            proposed_by=Party.STUDENT, starts_at__gt=timezone.now()
        ).order_by("position")
        field.label_from_instance = lambda time: show_time(
            time.starts_at, interview.volunteer_time_zone
        )
        self.fields["meeting_details"].initial = interview.meeting_details


class ProposeTimeForm(forms.Form):
    starts_at = forms.DateTimeField(
        label="Another time",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        error_messages={"required": "Enter the date and time you propose."},
    )
    note = note_field(
        "A note with your proposal (optional)",
        "For example why the times offered do not suit you, or other times that would.",
    )
    meeting_details = meeting_details_field("How to meet at that time (optional)")

    def __init__(self, *args, interview: InterviewRequest, **kw):
        kw.setdefault("prefix", "propose")
        super().__init__(*args, **kw)
        self.zone = interview.volunteer_time_zone
        self.fields["starts_at"].help_text = (
            f"In your time zone ({self.zone}); the student sees it in theirs. At least two "
            "hours from now."
        )
        self.fields["meeting_details"].initial = interview.meeting_details

    def full_clean(self):
        # The browser sends a wall-clock time without a zone: it is the volunteer's own clock
        # (their zone as recorded on the request), whatever zone the server runs in. Django
        # also refuses, next to the field, a time that does not exist there (a DST gap).
        with timezone.override(self.zone):
            super().full_clean()


class DeclineForm(forms.Form):
    note = note_field(
        "A kind note to the student (optional)",
        "A line on why, or what else might help them, makes a no easier to hear.",
    )
    # A name rather than a list of every volunteer: the directory can hold thousands, and the
    # page a one-click link opens must not list them to whoever holds the link.
    suggested_profile = forms.CharField(
        label="Suggest another volunteer (optional)",
        required=False,
        max_length=200,
        help_text="The name of someone in the Alumni Career Spotlight directory who could help, "
        "as it appears there. If two people share the name, add the employer in brackets: "
        "Jo Lee (Fabrikam Bank).",
    )

    def __init__(self, *args, interview: InterviewRequest, **kw):
        kw.setdefault("prefix", "decline")
        super().__init__(*args, **kw)
        self.candidates = SpotlightProfile.objects.filter(is_published=True).exclude(
            pk=interview.profile_id
        )

    def clean_suggested_profile(self) -> SpotlightProfile | None:
        text = " ".join(self.cleaned_data["suggested_profile"].split())
        if not text:
            return None
        matches = list(self.candidates.filter(full_name__iexact=text)[:10])
        employer = NAME_AND_EMPLOYER.match(text)
        if not matches and employer:
            matches = list(
                self.candidates.filter(
                    full_name__iexact=employer["name"], employer__iexact=employer["employer"]
                )[:10]
            )
        if not matches:
            raise forms.ValidationError(
                f"Nobody called “{text}” is listed in the directory. Check the spelling, or "
                "leave this empty and mention them in your note instead."
            )
        if len(matches) > 1:
            examples = " or ".join(f"{p.full_name} ({p.employer})" for p in matches[:3])
            raise forms.ValidationError(
                f"Several volunteers are called {matches[0].full_name}. Add the employer in "
                f"brackets, for example {examples}."
            )
        return matches[0]


class CancelForm(forms.Form):
    note = note_field(
        "A note to the student (optional)",
        "Why you have to cancel, and whether they may ask again later.",
    )

    def __init__(self, *args, interview: InterviewRequest, **kw):
        kw.setdefault("prefix", "cancel")
        super().__init__(*args, **kw)
