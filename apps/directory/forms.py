import io
import warnings
from datetime import date
from urllib.parse import urlsplit

from django import forms
from django.core.files.base import ContentFile
from django.forms import inlineformset_factory
from PIL import Image, UnidentifiedImageError

from apps.accounts.adapter import is_student_address
from apps.accounts.forms import TIME_ZONE_CHOICES
from apps.core.widgets import DAY_HINT, DayInput, WholeNumberInput
from apps.directory.models import (
    OPTIONAL_FIELDS,
    Blackout,
    Format,
    Industry,
    JobFunction,
    PreviousRole,
    SpotlightProfile,
    is_linkedin_host,
)
from apps.interviews.clock import zone_or_default

MAX_PHOTO_BYTES = 3 * 1024 * 1024
# A camera photo is 12 to 24 megapixels; decoded in RGB, 25 megapixels take 75 MB.
MAX_PHOTO_PIXELS = 25_000_000
TOO_MANY_PIXELS = (
    "Choose one of at most 25 megapixels, such as 5,000 by 5,000 pixels: it is shown at 600 by 600."
)
PHOTO_SIZE = (600, 600)
# What browsers may fill in from the volunteer's own details (WCAG 1.3.5).
OWN_DETAILS = {
    "full_name": "name",
    "employer": "organization",
    "job_title": "organization-title",
    "city": "address-level2",
    "region": "address-level1",
    "country": "country-name",
    "phone": "tel",
    "linkedin_url": "url",
}


class ListField(forms.CharField):
    """A comma-separated list typed into one box, stored as a list."""

    def __init__(self, *, max_items: int = 15, **kwargs):
        self.max_items = max_items
        super().__init__(**kwargs)

    def prepare_value(self, value):
        return ", ".join(value) if isinstance(value, list) else value

    def to_python(self, value):
        items = [item.strip() for item in (value or "").split(",") if item.strip()]
        if len(items) > self.max_items:
            raise forms.ValidationError(f"List at most {self.max_items}, separated by commas.")
        if any(len(item) > 80 for item in items):
            raise forms.ValidationError("Keep each item under 80 characters.")
        return items


class PhotoField(forms.ImageField):
    """Checks the size in bytes and in pixels before Pillow decodes the file, and says plainly
    what is wrong."""

    default_error_messages = {
        "invalid_image": "This file is not a photo we can read. Choose a JPEG or PNG image.",
    }

    def to_python(self, data):
        if data is not None and getattr(data, "size", 0) > MAX_PHOTO_BYTES:
            raise forms.ValidationError("This photo is larger than 3 MB. Choose a smaller one.")
        if data is not None:
            _check_pixels(data)
        return super().to_python(data)


def _check_pixels(data) -> None:
    """Refuse an image with too many pixels, reading only its header: a few kilobytes of PNG
    can decode to gigabytes."""
    try:
        with warnings.catch_warnings():
            # Past its own (higher) limit Pillow only warns, and refuses at twice that.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(data) as image:
                width, height = image.size
    except (Image.DecompressionBombWarning, Image.DecompressionBombError):
        raise forms.ValidationError(f"This photo has too many pixels. {TOO_MANY_PIXELS}") from None
    except (UnidentifiedImageError, OSError, ValueError):
        return  # not an image at all: the field's own check says so
    finally:
        data.seek(0)
    if width * height > MAX_PHOTO_PIXELS:
        raise forms.ValidationError(
            f"This photo is {width:,} by {height:,} pixels. {TOO_MANY_PIXELS}"
        )


class SpotlightProfileForm(forms.ModelForm):
    account_zone = "Your account's time zone"

    photo = PhotoField(required=False, help_text="A JPEG or PNG up to 3 MB; we resize it.")
    topics = ListField(
        required=False,
        help_text="What you are glad to talk about, separated by commas: "
        "e.g. switching careers, product management, graduate school.",
    )
    languages = ListField(required=False, help_text="Separated by commas.")
    formats = forms.MultipleChoiceField(
        choices=Format.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label="Formats you offer",
    )
    industries = forms.ModelMultipleChoiceField(
        Industry.objects.all(), widget=forms.CheckboxSelectMultiple, required=False
    )
    job_functions = forms.ModelMultipleChoiceField(
        JobFunction.objects.all(), widget=forms.CheckboxSelectMultiple, required=False
    )
    public_fields = forms.MultipleChoiceField(
        choices=list(OPTIONAL_FIELDS.items()),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label="Show students these optional parts of your profile",
    )
    time_zone = forms.ChoiceField(
        choices=TIME_ZONE_CHOICES,
        required=False,
        help_text="The times in requests, emails and calendar invitations you receive are "
        "shown on this clock.",
    )
    linkedin_url = forms.URLField(
        label="LinkedIn address", required=False, assume_scheme="https", max_length=200
    )

    class Meta:
        model = SpotlightProfile
        fields = [
            "full_name", "photo", "graduation_year", "degree", "major",
            "employer", "job_title", "started_on", "city", "region", "country", "is_remote",
            "industries", "job_functions", "further_education",
            "story_path", "story_day", "story_advice", "topics", "formats",
            "preferred_minutes", "time_zone", "languages", "linkedin_url", "public_fields",
            "phone", "monthly_cap", "paused_until",
        ]  # fmt: skip
        widgets = {
            "graduation_year": WholeNumberInput(),
            "started_on": DayInput(),
            "preferred_minutes": WholeNumberInput(),
            "monthly_cap": WholeNumberInput(),
            "paused_until": DayInput(),
            "further_education": forms.Textarea(attrs={"rows": 2}),
            "story_path": forms.Textarea(attrs={"rows": 4}),
            "story_day": forms.Textarea(attrs={"rows": 4}),
            "story_advice": forms.Textarea(attrs={"rows": 4}),
        }
        labels = {
            "full_name": "Name",
            "employer": "Current employer",
            "job_title": "Current job title",
            "preferred_minutes": "Preferred length (minutes)",
        }
        help_texts = {
            "phone": "Only the career center sees it; students never do.",
            "monthly_cap": "You won't receive more new requests than this in a month.",
            "started_on": DAY_HINT,
            "paused_until": "Take no requests until this date (leave empty to stay open). "
            + DAY_HINT,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["graduation_year"].required = True
        self.fields["time_zone"].choices = [("", self._unchosen_zone()), *TIME_ZONE_CHOICES[1:]]
        for name, token in self.autocomplete_tokens().items():
            self.fields[name].widget.attrs["autocomplete"] = token

    def autocomplete_tokens(self) -> dict[str, str]:
        return OWN_DETAILS

    def _unchosen_zone(self) -> str:
        """What an unchosen zone means for this volunteer, named (rules.volunteer_time_zone)."""
        account = self.instance.user.time_zone if self.instance.user_id else ""
        zone = zone_or_default(account)
        whose = self.account_zone if zone == account else "The career center's time zone"
        return f"{whose} ({zone.replace('_', ' ')})"

    def clean_graduation_year(self):
        year = self.cleaned_data["graduation_year"]
        if year is not None and not 1900 <= year <= date.today().year:
            raise forms.ValidationError(f"Enter a year between 1900 and {date.today().year}.")
        return year

    def clean_started_on(self):
        started = self.cleaned_data["started_on"]
        if started and started > date.today():
            raise forms.ValidationError("This date is in the future.")
        return started

    def clean_linkedin_url(self):
        url = self.cleaned_data["linkedin_url"]
        if url and not is_linkedin_host(urlsplit(url).hostname or ""):
            raise forms.ValidationError("Enter a linkedin.com address, or leave it empty.")
        return url

    def clean_photo(self):
        photo = self.cleaned_data.get("photo")
        if not photo or not hasattr(photo, "content_type"):
            return photo  # unchanged or cleared
        try:
            image = Image.open(photo)
            # A JPEG can be decoded straight at a fraction of its size, sparing memory.
            image.draft("RGB", PHOTO_SIZE)
            image.load()
        except (UnidentifiedImageError, OSError, Image.DecompressionBombError):
            raise forms.ValidationError(
                "This file is not a photo we can read (JPEG or PNG)."
            ) from None
        # Re-encoding drops whatever else the file carried (location data, scripts, trailers).
        image = image.convert("RGB")
        image.thumbnail(PHOTO_SIZE)
        output = io.BytesIO()
        image.save(output, format="JPEG", quality=85)
        return ContentFile(output.getvalue(), name="photo.jpg")


class StaffProfileForm(SpotlightProfileForm):
    account_zone = "The time zone of their account"

    class Meta(SpotlightProfileForm.Meta):
        fields = ["email", *SpotlightProfileForm.Meta.fields]

    def autocomplete_tokens(self) -> dict[str, str]:
        # Staff type in someone else's details: their browser's own must not fill them.
        return dict.fromkeys(["email", *OWN_DETAILS], "off")

    def clean_email(self):
        email = self.cleaned_data["email"]
        problem = volunteer_address_problem(email)
        if problem:
            raise forms.ValidationError(problem)
        return email


def volunteer_address_problem(email: str) -> str:
    """Why this cannot be a volunteer's address, or "" if it can. Volunteers' emails carry
    students' names, addresses and requests, so none may go to a student's university inbox."""
    if not is_student_address(email):
        return ""
    return (
        f"{email} is a student's university address. A volunteer's emails carry students' "
        "details, so use the volunteer's own personal or work address."
    )


class PreviousRoleForm(forms.ModelForm):
    class Meta:
        model = PreviousRole
        fields = ["employer", "title", "start_year", "end_year"]
        widgets = {"start_year": WholeNumberInput(), "end_year": WholeNumberInput()}

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_year"), cleaned.get("end_year")
        if start and end and end < start:
            self.add_error("end_year", "The role cannot end before it started.")
        return cleaned


class BlackoutForm(forms.ModelForm):
    class Meta:
        model = Blackout
        fields = ["starts_on", "ends_on", "note"]
        widgets = {
            "starts_on": DayInput(),
            "ends_on": DayInput(),
        }
        labels = {"starts_on": "Away from", "ends_on": "Until"}
        help_texts = {"starts_on": DAY_HINT, "ends_on": DAY_HINT}

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("starts_on"), cleaned.get("ends_on")
        if start and end and end < start:
            self.add_error("ends_on", "The last day cannot be before the first.")
        return cleaned


PreviousRoleFormSet = inlineformset_factory(
    SpotlightProfile,
    PreviousRole,
    form=PreviousRoleForm,
    extra=1,
    can_delete=True,
    max_num=15,
)

BlackoutFormSet = inlineformset_factory(
    SpotlightProfile, Blackout, form=BlackoutForm, extra=1, can_delete=True, max_num=20
)
