import pytest
from django.contrib.auth import authenticate
from django.db import IntegrityError

from apps.accounts.models import User


@pytest.mark.django_db
def test_people_sign_in_with_their_email_address_in_any_case():
    User.objects.create_user("Ada.Lovelace@Example.edu", "correct horse battery")

    assert authenticate(email="ada.lovelace@example.edu", password="correct horse battery")
    assert authenticate(email="ADA.LOVELACE@EXAMPLE.EDU", password="correct horse battery")


@pytest.mark.django_db
def test_one_address_belongs_to_one_account():
    User.objects.create_user("ada@example.edu", "pw-one")

    with pytest.raises(IntegrityError):
        User.objects.create_user("ADA@example.edu", "pw-two")


def test_a_person_is_shown_by_name_or_else_address():
    assert str(User(email="ada@example.edu", full_name="Ada Lovelace")) == "Ada Lovelace"
    assert str(User(email="ada@example.edu")) == "ada@example.edu"
