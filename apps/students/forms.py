import re
from datetime import date
from urllib.parse import urlsplit

from django import forms
from django.utils import timezone

from apps.accounts.forms import TIME_ZONE_CHOICES
from apps.core.widgets import DAY_HINT, DayInput, WholeNumberInput
from apps.directory.models import Industry, JobFunction, is_linkedin_host
from apps.students.models import INTRODUCTION_MAX_LENGTH, Contact, Relationship, StudentProfile

MAX_INTRODUCTION_SENTENCES = 3
# A full stop after these is not the end of a sentence ("I study econ, i.e. markets.").
ABBREVIATIONS = {"dr", "mr", "mrs", "ms", "prof", "st", "vs", "etc", "e.g", "i.e", "inc", "ltd"}
SENTENCE_END = re.compile(r"(\S+?)[.!?…]+(?=\s|$)")


def count_sentences(text: str) -> int:
    """Sentences in plain prose: the ends of sentences, plus an unfinished last one."""
    count, last_end = 0, 0
    for end in SENTENCE_END.finditer(text):
        word = end.group(1)
        # Initials ("B.A.", "J.") and common abbreviations do not end a sentence.
        if word.lower().rstrip(".") in ABBREVIATIONS or re.fullmatch(r"(\w\.)*\w", word):
            continue
        count, last_end = count + 1, end.end()
    return count + bool(re.search(r"\w", text[last_end:]))


class StudentProfileForm(forms.ModelForm):
    industries = forms.ModelMultipleChoiceField(
        Industry.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label="Industries you are curious about",
    )
    job_functions = forms.ModelMultipleChoiceField(
        JobFunction.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label="Kinds of work you are curious about",
    )
    # Kept on the account (accounts.User.time_zone); shown here because students meet alumni
    # across time zones and this is where they set up how they present themselves.
    time_zone = forms.ChoiceField(
        choices=TIME_ZONE_CHOICES,
        required=False,
        label="Your time zone",
        help_text="Times of interviews are shown in this time zone.",
    )

    class Meta:
        model = StudentProfile
        fields = [
            "major",
            "graduation_year",
            "industries",
            "job_functions",
            "goals",
            "introduction",
        ]
        widgets = {
            "graduation_year": WholeNumberInput(),
            "goals": forms.Textarea(attrs={"rows": 4}),
            "introduction": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "goals": "A few sentences about where you hope to go. Saying it plainly helps "
            "alumni and advisors point you to the right people.",
            "introduction": "Two sentences about yourself, for example what you study and what "
            "you want to learn. You can reuse it when you ask alumni for a conversation. "
            f"At most {INTRODUCTION_MAX_LENGTH} characters.",
        }

    def clean_graduation_year(self):
        year = self.cleaned_data["graduation_year"]
        this_year = date.today().year
        if year is not None and not this_year - 10 <= year <= this_year + 8:
            raise forms.ValidationError(
                f"Enter the year you expect to graduate, {this_year - 10} to {this_year + 8}."
            )
        return year

    def clean_introduction(self) -> str:
        introduction = " ".join(self.cleaned_data["introduction"].split())
        sentences = count_sentences(introduction)
        if sentences > MAX_INTRODUCTION_SENTENCES:
            raise forms.ValidationError(
                f"Keep your introduction to two or three sentences; this one has {sentences}."
            )
        return introduction


class ContactForm(forms.ModelForm):
    linkedin_url = forms.URLField(
        label="LinkedIn",
        required=False,
        assume_scheme="https",
        max_length=200,
        help_text="Optional: the address of their LinkedIn profile.",
    )

    class Meta:
        model = Contact
        fields = [
            "name",
            "organisation",
            "job_title",
            "relationship",
            "email",
            "linkedin_url",
            "met_on",
            "thank_you_sent_on",
            "next_follow_up_on",
            "referred_by_name",
            "may_mention_referrer",
            "notes",
        ]
        widgets = {
            "met_on": DayInput(),
            "thank_you_sent_on": DayInput(),
            "next_follow_up_on": DayInput(),
            "notes": forms.Textarea(attrs={"rows": 5}),
        }
        help_texts = {
            "email": "Optional.",
            "met_on": DAY_HINT,
            "thank_you_sent_on": DAY_HINT,
            "next_follow_up_on": "When you plan to get back in touch: a thank-you, a question, "
            f"news about how their advice worked out. {DAY_HINT}",
            "referred_by_name": "If someone suggested you talk to this person, who was it?",
            "may_mention_referrer": "Tick this only if they said you may use their name when "
            "you reach out.",
            "notes": "What you talked about and learned. Your notes are for your own records; "
            "the person never sees them.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["relationship"].choices = [("", "Choose one"), *Relationship.choices]

    def clean_linkedin_url(self) -> str:
        url = self.cleaned_data["linkedin_url"]
        if url and not is_linkedin_host(urlsplit(url).hostname or ""):
            raise forms.ValidationError("Enter a linkedin.com address, or leave it empty.")
        return url

    def clean_met_on(self) -> date | None:
        return _not_in_the_future(self.cleaned_data["met_on"])

    def clean_thank_you_sent_on(self) -> date | None:
        return _not_in_the_future(self.cleaned_data["thank_you_sent_on"])

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("may_mention_referrer") and not cleaned.get("referred_by_name"):
            self.add_error(
                "referred_by_name",
                "Say who referred you, or untick “I may mention who referred me”.",
            )
        return cleaned


def _not_in_the_future(day: date | None) -> date | None:
    if day is not None and day > timezone.localdate():
        raise forms.ValidationError("This date is in the future; enter the day it happened.")
    return day
