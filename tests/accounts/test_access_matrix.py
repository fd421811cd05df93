"""What each role gets from every page: the house rule, one row per route.

A later feature adds its routes here; test_url_access fails until it does. Expected answers:
an HTTP status, or LOGIN for a redirect to the sign-in page.
"""

import io

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from PIL import Image

from apps.accounts.models import Role
from apps.directory.models import ImportJob
from apps.notifications.models import Email
from tests.accounts.matrix import (
    ANONYMOUS,
    LOGIN,
    ROLES,
    Row,
    World,
    browsers,
    everyone,
    only,
    signed_in,
    visitors_only,
)
from tests.factories import (
    AdvisorFactory,
    AlumniApplicationFactory,
    AlumniFactory,
    EmailFactory,
    InvitationFactory,
    SpotlightProfileFactory,
    StaffFactory,
    StudentFactory,
)
from tests.interviews import inbox_access_rows, request_access_rows
from tests.students.factories import ContactFactory


def own_contact(world: World) -> list:
    """A contact in the networking log of the world's student."""
    return [ContactFactory(student=world.people[Role.STUDENT]).pk]


def strangers_contact(world: World) -> list:
    return [ContactFactory().pk]


FEATURE_ROWS = [*request_access_rows.ROWS, *inbox_access_rows.ROWS]

ROWS = [
    Row("core:landing", everyone(200)),
    Row("accounts:home", signed_in(302)),
    Row("accounts:profile", signed_in(200)),
    Row("accounts:export_data", signed_in(200)),
    Row("accounts:delete_account", signed_in(200)),
    Row("accounts:apply", everyone(200)),
    Row(
        "accounts:accept_invitation",
        visitors_only(200, signed_in_status=409),
        args=lambda world: [world.invitation_token],
    ),
    Row("accounts:staff_home", only(Role.STAFF)),
    Row("accounts:invitations", only(Role.STAFF)),
    Row("accounts:applications", only(Role.STAFF)),
    Row(
        "accounts:review_application",
        only(Role.STAFF, 302),
        args=lambda world: [world.application_pk],
        method="post",
        data={"decision": "decline"},
    ),
    Row("students:home", only(Role.STUDENT)),
    Row("advising:home", only(Role.ADVISOR)),
    Row("advising:assignments", only(Role.STAFF)),
    Row(
        "advising:assign",
        only(Role.STAFF, 302),
        args=lambda world: [world.people[Role.STUDENT].pk],
        method="post",
        data={"advisor": ""},
    ),
    Row("notifications:outbox", only(Role.STAFF)),
    Row("notifications:show_email", only(Role.STAFF), args=lambda w: [w.failed_email_pk]),
    Row(
        "notifications:show_email_html",
        only(Role.STAFF),
        args=lambda world: [EmailFactory(body_html="<p>Hello.</p>").pk],
    ),
    Row(
        "notifications:download_attachment",
        only(Role.STAFF),
        args=lambda world: [
            EmailFactory(calendar="BEGIN:VCALENDAR", calendar_method="CANCEL").pk,
            1,
        ],
    ),
    Row(
        "notifications:resend",
        only(Role.STAFF, 302),
        args=lambda world: [world.failed_email_pk],
        method="post",
    ),
    Row("students:edit_profile", only(Role.STUDENT)),
    Row("students:log", only(Role.STUDENT)),
    Row("students:add_contact", only(Role.STUDENT)),
    Row("students:edit_contact", only(Role.STUDENT), args=own_contact),
    Row("students:delete_contact", only(Role.STUDENT), args=own_contact),
    Row("students:delete_contact", only(Role.STUDENT, 302), args=own_contact, method="post"),
    Row("students:export_log", only(Role.STUDENT)),
    # Another student's contact is not there for this student.
    Row("students:edit_contact", only(Role.STUDENT, 404), args=strangers_contact),
    Row(
        "students:delete_contact",
        only(Role.STUDENT, 404),
        args=strangers_contact,
        method="post",
    ),
    Row("directory:search", browsers(200)),
    Row("directory:profile", browsers(200), args=lambda world: [world.published_pk]),
    # Unpublished profiles exist only for staff; everyone else is told there is no such page.
    Row(
        "directory:profile",
        {**browsers(404), Role.STAFF: 200},
        args=lambda world: [world.unpublished_pk],
    ),
    # Alumni may fetch only their own photo: another volunteer's is not there for them.
    Row(
        "directory:photo",
        {**browsers(200), Role.ALUMNI: 404},
        args=lambda world: [world.published_pk],
    ),
    Row("directory:alumni_home", only(Role.ALUMNI)),
    Row("directory:edit_own_profile", only(Role.ALUMNI)),
    Row("directory:listing_consent", only(Role.ALUMNI)),
    Row("directory:listing_consent", only(Role.ALUMNI, 302), method="post", data={"agree": "yes"}),
    Row("directory:invite_to_claim", only(Role.STAFF, 302), method="post", data={"scope": "all"}),
    Row("directory:staff_profiles", only(Role.STAFF)),
    Row("directory:staff_edit_profile", only(Role.STAFF), args=lambda w: [w.unpublished_pk]),
    Row(
        "directory:publish",
        only(Role.STAFF, 302),
        args=lambda world: [world.unpublished_pk],
        method="post",
        data={"published": "true"},
    ),
    Row("directory:import_upload", only(Role.STAFF)),
    Row("directory:import_template", only(Role.STAFF)),
    Row("directory:import_job", only(Role.STAFF), args=lambda world: [world.import_job_pk]),
    Row("directory:import_refused_rows", only(Role.STAFF), args=lambda w: [w.import_job_pk]),
    Row(
        "directory:import_confirm",
        only(Role.STAFF, 302),
        args=lambda world: [world.import_job_pk],
        method="post",
    ),
    Row("directory:import_progress", only(Role.STAFF), args=lambda w: [w.import_job_pk]),
    # Only a finished import invites anyone; the matrix's job is still being checked.
    Row(
        "directory:import_invite",
        only(Role.STAFF, 404),
        args=lambda world: [world.import_job_pk],
        method="post",
    ),
    # django-allauth's pages, in the same matrix so that their rules are visible here too.
    Row("account_login", visitors_only()),
    Row("account_signup", visitors_only()),
    Row("account_email", signed_in(200)),
    Row("account_change_password", signed_in(200)),
    Row("account_reset_password", everyone(200)),
    # The admin sends everyone but career center staff to its own sign-in page.
    Row("admin:accounts_user_changelist", {**everyone(302), Role.STAFF: 200}),
    # Features that keep their rows in a module of their own.
    *FEATURE_ROWS,
]


@pytest.fixture
def world(db) -> World:
    token = "matrix-invitation-token"
    InvitationFactory(token=token)
    return World(
        people={
            Role.STUDENT: StudentFactory(),
            Role.ALUMNI: AlumniFactory(),
            Role.ADVISOR: AdvisorFactory(),
            Role.STAFF: StaffFactory(),
        },
        invitation_token=token,
        application_pk=AlumniApplicationFactory().pk,
        failed_email_pk=EmailFactory(status=Email.Status.FAILED).pk,
        published_pk=SpotlightProfileFactory(photo=tiny_photo()).pk,
        unpublished_pk=SpotlightProfileFactory(is_published=False).pk,
        import_job_pk=ImportJob.objects.create(file_name="alumni.csv", content="email\n").pk,
    )


def tiny_photo() -> ContentFile:
    output = io.BytesIO()
    Image.new("RGB", (4, 4)).save(output, format="JPEG")
    return ContentFile(output.getvalue(), name="tiny.jpg")


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("row", ROWS, ids=lambda row: row.name)
def test_each_role_gets_exactly_what_it_should(client, world, row, role):
    if role != ANONYMOUS:
        client.force_login(world.people[role])
    url = reverse(row.name, args=row.args(world))

    response = getattr(client, row.method)(url, row.data)

    expected = row.expect[role]
    if expected == LOGIN:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login") + "?next=")
    else:
        assert response.status_code == expected
