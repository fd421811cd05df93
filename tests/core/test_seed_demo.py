import pytest
from django.core.management import CommandError, call_command

from apps.accounts.models import User


@pytest.mark.django_db
def test_it_creates_the_demo_admin_and_prints_the_login(settings, capsys):
    settings.DEBUG = True

    call_command("seed_demo")

    admin = User.objects.get(email="admin@example.edu")
    assert admin.is_superuser
    assert admin.check_password("spotlight-demo")
    assert "admin@example.edu" in capsys.readouterr().out


@pytest.mark.django_db
def test_running_it_twice_changes_nothing(settings):
    settings.DEBUG = True
    call_command("seed_demo")
    admin = User.objects.get(email="admin@example.edu")
    admin.set_password("changed-by-the-developer")
    admin.save()

    call_command("seed_demo")

    assert User.objects.count() == 1
    assert User.objects.get().check_password("changed-by-the-developer")


@pytest.mark.django_db
def test_it_refuses_to_create_public_logins_when_debug_is_off(settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="DEBUG off"):
        call_command("seed_demo")

    assert not User.objects.exists()
