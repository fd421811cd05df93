"""Volunteers' photos: huge images refused before they are decoded, and no photo left behind
once it is replaced or its volunteer leaves."""

import io

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse
from PIL import Image

from apps.accounts.services import delete_account
from apps.directory.forms import SpotlightProfileForm
from apps.directory.models import SpotlightProfile
from apps.directory.services import save_profile
from tests.directory.test_profiles import image_bytes, profile_form
from tests.factories import AlumniFactory, SpotlightProfileFactory

pytestmark = pytest.mark.django_db


class RolledBack(Exception):
    pass


def rolled_back(change) -> None:
    """Make the change in a transaction that something after it then rolls back."""
    with transaction.atomic():
        change()
        raise RolledBack


def png(size: tuple[int, int], mode: str = "1") -> bytes:
    """A PNG of one colour: a 1-bit image of millions of pixels compresses to a few KB."""
    output = io.BytesIO()
    Image.new(mode, size).save(output, format="PNG")
    return output.getvalue()


@pytest.fixture
def alumna(db):
    return AlumniFactory(full_name="Alex Alumna")


@pytest.fixture
def signed_in(client, alumna):
    client.force_login(alumna)
    return client


def upload_photo(client, data: bytes, name: str = "me.png"):
    photo = SimpleUploadedFile(name, data, content_type="image/png")
    return client.post(reverse("directory:edit_own_profile"), profile_form(photo=photo))


def photo_of(alumna) -> str:
    return SpotlightProfile.objects.values_list("photo", flat=True).get(user=alumna)


# --- Decompression bombs -----------------------------------------------------------------------


def test_a_tiny_file_of_169_million_pixels_is_refused_next_to_the_field(signed_in, alumna):
    bomb = png((13_000, 13_000))
    assert len(bomb) < 100_000

    response = upload_photo(signed_in, bomb)

    assert response.status_code == 200
    [message] = response.context["form"].errors["photo"]
    assert "This photo has too many pixels. Choose one of at most 25 megapixels" in message
    assert photo_of(alumna) == ""


def test_a_photo_just_over_25_megapixels_is_refused_with_its_size(signed_in, alumna):
    response = upload_photo(signed_in, png((6_000, 4_200)))

    [message] = response.context["form"].errors["photo"]
    assert message.startswith("This photo is 6,000 by 4,200 pixels. Choose one of at most 25")
    assert photo_of(alumna) == ""


def test_a_camera_sized_photo_is_still_accepted(signed_in, alumna):
    response = upload_photo(signed_in, image_bytes((6_000, 4_000), "JPEG"), "me.jpg")

    assert response.status_code == 302
    with Image.open(default_storage.open(photo_of(alumna))) as stored:
        assert max(stored.size) == 600


# --- Replaced and deleted photos ------------------------------------------------------------


def test_a_replaced_photo_is_deleted_once_the_change_is_saved(
    signed_in, alumna, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        upload_photo(signed_in, image_bytes())
    first = photo_of(alumna)

    with django_capture_on_commit_callbacks(execute=True):
        upload_photo(signed_in, image_bytes())

    assert photo_of(alumna) != first
    assert default_storage.exists(photo_of(alumna))
    assert not default_storage.exists(first)


def test_a_removed_photo_is_deleted_too(signed_in, alumna, django_capture_on_commit_callbacks):
    upload_photo(signed_in, image_bytes())
    first = photo_of(alumna)

    with django_capture_on_commit_callbacks(execute=True):
        signed_in.post(reverse("directory:edit_own_profile"), profile_form(**{"photo-clear": "on"}))

    assert photo_of(alumna) == ""
    assert not default_storage.exists(first)


def test_a_save_rolled_back_keeps_the_photo_it_had(alumna, django_capture_on_commit_callbacks):
    profile = SpotlightProfileFactory(user=alumna)
    SpotlightProfile.objects.filter(pk=profile.pk).update(
        photo=default_storage.save("spotlight/old.jpg", io.BytesIO(image_bytes()))
    )
    profile.refresh_from_db()
    old = profile.photo.name
    photo = SimpleUploadedFile("new.png", image_bytes(), content_type="image/png")
    form = SpotlightProfileForm(profile_form(), {"photo": photo}, instance=profile)
    assert form.is_valid(), form.errors

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RolledBack):
        rolled_back(lambda: save_profile(form=form))

    assert photo_of(alumna) == old
    assert default_storage.exists(old)


def test_a_deleted_volunteer_leaves_no_photo_behind(
    signed_in, alumna, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        upload_photo(signed_in, image_bytes())
    first = photo_of(alumna)
    with django_capture_on_commit_callbacks(execute=True):
        upload_photo(signed_in, image_bytes())
    second = photo_of(alumna)

    with django_capture_on_commit_callbacks(execute=True):
        delete_account(user=alumna)

    assert not default_storage.exists(first)
    assert not default_storage.exists(second)


def test_an_account_deletion_rolled_back_keeps_the_photo(
    signed_in, alumna, django_capture_on_commit_callbacks
):
    upload_photo(signed_in, image_bytes())
    photo = photo_of(alumna)

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RolledBack):
        rolled_back(lambda: delete_account(user=alumna))

    assert default_storage.exists(photo)
