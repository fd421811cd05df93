import pytest
from django.urls import reverse

from apps.accounts.models import User


def test_visitors_see_no_administration_link(client):
    page = client.get(reverse("core:landing")).content.decode()

    assert "How it works" in page
    assert reverse("admin:index") not in page


@pytest.mark.django_db
def test_staff_reach_the_administration_from_every_page(client):
    staff = User.objects.create_user("staff@example.edu", "pw-for-tests", is_staff=True)
    client.force_login(staff)

    page = client.get(reverse("core:landing")).content.decode()

    assert reverse("admin:index") in page
