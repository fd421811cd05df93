"""Role-matrix rows for the student's interview pages (apps/interviews/urls.py).

Only students have interview requests; another student's request does not exist for them (404).
"""

from apps.accounts.models import Role
from tests.accounts.matrix import Row, only
from tests.interviews.student_helpers import (
    own_held_interview,
    own_request,
    own_started_interview,
    strangers_request,
)

# (name, arguments that make the page open for its owner, method, status for the owner)
OWN = [
    ("interviews:detail", own_request, "get", 200),
    # Posted empty: there is no proposed time to confirm, so the student is sent back with a
    # message; cancelling needs nothing more.
    ("interviews:confirm", own_request, "post", 302),
    ("interviews:cancel", own_request, "post", 302),
    ("interviews:complete", own_started_interview, "post", 302),
    ("interviews:no_show", own_started_interview, "post", 302),
    ("interviews:notes", own_held_interview, "get", 200),
    ("interviews:add_referral", own_held_interview, "get", 200),
    ("interviews:thank_you", own_held_interview, "get", 200),
]

ROWS: list[Row] = [
    Row("interviews:list", only(Role.STUDENT)),
    Row("interviews:new", only(Role.STUDENT), args=lambda world: [world.published_pk]),
    # An unpublished volunteer cannot be asked, and is not there for students.
    Row("interviews:new", only(Role.STUDENT, 404), args=lambda world: [world.unpublished_pk]),
    *(
        Row(name, only(Role.STUDENT, status), args=args, method=method)
        for name, args, method, status in OWN
    ),
    *(
        Row(name, only(Role.STUDENT, 404), args=strangers_request, method=method)
        for name, _, method, _ in OWN
    ),
]
