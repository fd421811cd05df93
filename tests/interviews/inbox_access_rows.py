"""Role-matrix rows for the volunteer's inbox and emailed links (apps/interviews/inbox_urls.py).

Only volunteers have an inbox; another volunteer's request does not exist for them (404). The
emailed reply link is public: the token, not a session, says what it may do.
"""

from apps.accounts.models import Role
from tests.accounts.matrix import Row, everyone, only
from tests.interviews.inbox_helpers import (
    expired_link,
    own_missed_interview,
    own_request,
    strangers_request,
    tampered_link,
    used_link,
    valid_link,
)

ROWS: list[Row] = [
    Row("inbox:list", only(Role.ALUMNI)),
    Row("inbox:detail", only(Role.ALUMNI), args=own_request),
    Row("inbox:detail", only(Role.ALUMNI, 404), args=strangers_request),
    # Posted empty: accepting needs a time and proposing a time needs one, so the page comes
    # back with the errors; declining and cancelling need nothing more.
    Row("inbox:accept", only(Role.ALUMNI), args=own_request, method="post"),
    Row("inbox:propose", only(Role.ALUMNI), args=own_request, method="post"),
    Row("inbox:decline", only(Role.ALUMNI, 302), args=own_request, method="post"),
    Row("inbox:cancel", only(Role.ALUMNI, 302), args=own_request, method="post"),
    Row("inbox:no_show", only(Role.ALUMNI, 302), args=own_missed_interview, method="post"),
    *(
        Row(name, only(Role.ALUMNI, 404), args=strangers_request, method="post")
        for name in ("inbox:accept", "inbox:propose", "inbox:decline", "inbox:cancel")
    ),
    Row("inbox:no_show", only(Role.ALUMNI, 404), args=strangers_request, method="post"),
    Row("inbox:reply", everyone(200), args=valid_link),
    Row("inbox:reply", everyone(200), args=valid_link, method="post"),
    Row("inbox:reply", everyone(400), args=tampered_link),
    Row("inbox:reply", everyone(410), args=expired_link),
    Row("inbox:reply", everyone(410), args=used_link),
]
