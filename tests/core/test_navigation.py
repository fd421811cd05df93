import pytest
from django.urls import reverse


def links_on_landing(client) -> str:
    return client.get(reverse("core:landing")).content.decode()


def test_visitors_can_sign_in_sign_up_or_volunteer(client):
    page = links_on_landing(client)

    for url in (reverse("account_login"), reverse("account_signup"), reverse("accounts:apply")):
        assert f'href="{url}"' in page
    assert reverse("admin:index") not in page


@pytest.mark.parametrize(
    ("person", "link"),
    [
        ("student", "students:home"),
        ("alumnus", "directory:alumni_home"),
        ("advisor", "advising:home"),
        ("staff", "accounts:staff_home"),
    ],
)
def test_each_role_sees_its_own_home_and_settings(client, request, person, link):
    client.force_login(request.getfixturevalue(person))

    page = links_on_landing(client)

    assert f'href="{reverse(link)}"' in page
    assert f'href="{reverse("accounts:profile")}"' in page
    assert "Sign out" in page
    assert f'href="{reverse("account_login")}"' not in page


def test_only_staff_reach_the_administration(client, student, staff):
    client.force_login(student)
    assert reverse("admin:index") not in links_on_landing(client)

    client.force_login(staff)
    assert reverse("admin:index") in links_on_landing(client)
