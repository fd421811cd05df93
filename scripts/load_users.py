"""Simulated people of a load run: each a thread with its own cookies, signing in through the real
form and sending real HTTP requests to 127.0.0.1, recording every request and every action the
server confirmed. Volunteers answer from the one-click links in the mail the SMTP sink got."""

import http.client
import itertools
import random
import re
import threading
import time
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email import message_from_bytes, policy
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urlsplit

from load_seed import PASSWORD, TOPICS, purpose_for

from apps.notifications.smtp_sink import SmtpSink

TIMEOUT = 30
SENT_PATH = re.compile(r"^/interviews/(\d+)/$")


@dataclass
class Hit:
    started: float  # seconds since the run started
    seconds: float
    who: str
    what: str
    status: int  # 0: no answer (refused, reset or timed out)


@dataclass
class Confirmed:
    """An action the server answered as done: it must be in the database afterwards."""

    kind: str  # sent, accepted, held, thanked
    request_id: int
    who: str
    at: float
    submission_key: str = ""


class Journal:
    """Everything that happened, appended from many threads (list.append is atomic)."""

    def __init__(self, started: float, ramp: float = 0.0):
        self.started, self.ramp = started, ramp
        self.hits: list[Hit] = []
        self.probes: list[Hit] = []
        self.confirmed: list[Confirmed] = []
        self.outages: dict[str, tuple[float, float]] = {}

    def now(self) -> float:
        return time.monotonic() - self.started


class Mailbox(SmtpSink):
    """The SMTP sink, also sorting what arrives by recipient so volunteers find their mail."""

    def __init__(self) -> None:
        super().__init__()
        self.inboxes: dict[str, list[bytes]] = defaultdict(list)

    async def handle_DATA(self, server, session, envelope):
        answer = await super().handle_DATA(server, session, envelope)
        if answer.startswith("250"):
            for address in envelope.rcpt_tos:
                self.inboxes[address.lower()].append(envelope.content)
        return answer


class Forms(HTMLParser):
    """The inputs on a page, enough to fill in its forms like a browser would."""

    def __init__(self, html: str):
        super().__init__()
        self.inputs: list[dict] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        if tag in ("input", "textarea", "button"):
            self.inputs.append(dict(attrs))

    def value(self, name: str) -> str:
        return next((i.get("value") or "" for i in self.inputs if i.get("name") == name), "")

    def choices(self, name: str) -> list[str]:
        return [i["value"] for i in self.inputs if i.get("name") == name and "value" in i]


ADDRESSES = itertools.count(1)


class Browser:
    """One person's cookies, and every request they make written to the journal.

    Each person has an address of their own, told to the server as a proxy would: sign-in
    limits count per client address, and 70 people do not share one."""

    def __init__(self, port: int, journal: Journal, who: str, *, log: list | None = None):
        self.port, self.journal, self.who = port, journal, who
        self.log = journal.hits if log is None else log
        self.cookies: dict[str, str] = {}
        number = next(ADDRESSES)
        self.address = f"10.0.{number // 250}.{number % 250 + 1}"

    def go(self, method: str, path: str, what: str, fields: dict | None = None):
        """(status, body, redirect path); status 0 when the server did not answer."""
        started = self.journal.now()
        headers = {"Host": f"127.0.0.1:{self.port}", "X-Forwarded-For": self.address}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if fields is not None:
            body = urlencode({**fields, "csrfmiddlewaretoken": self.csrf()}, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        status, text, location = 0, "", ""
        try:
            connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=TIMEOUT)
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode("utf-8", "replace")
            status = response.status
            location = urlsplit(response.getheader("Location") or "").path
            self._keep_cookies(response.msg.get_all("Set-Cookie") or [])
            connection.close()
        except (OSError, http.client.HTTPException):
            pass
        self.log.append(Hit(started, self.journal.now() - started, self.who, what, status))
        return status, text, location

    def _keep_cookies(self, headers: list[str]) -> None:
        for header in headers:
            for name, morsel in SimpleCookie(header).items():
                if morsel["max-age"] == "0" or not morsel.value:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value

    def csrf(self) -> str:
        return self.cookies.get("csrftoken", "")

    def sign_in(self, email: str, until: float) -> bool:
        while self.journal.now() < until:
            status, _, _ = self.go("GET", "/accounts/login/", "sign in form")
            if status == 200:
                fields = {"login": email, "password": PASSWORD}
                status, _, location = self.go("POST", "/accounts/login/", "sign in", fields)
                if status == 302 and "/login/" not in location:
                    return True
            time.sleep(2)
        return False


class Person(threading.Thread):
    def __init__(self, browser: Browser, email: str, until: float, seed: int):
        super().__init__(daemon=True, name=email)
        self.browser, self.email, self.until = browser, email, until
        self.random = random.Random(seed)  # noqa: S311 - behaviour, not secrets

    def think(self) -> None:
        time.sleep(self.random.uniform(1.0, 3.0))

    def alive(self) -> bool:
        return self.browser.journal.now() < self.until

    def confirm(self, kind: str, request_id: int, **extra) -> None:
        journal = self.browser.journal
        journal.confirmed.append(Confirmed(kind, request_id, self.email, journal.now(), **extra))

    def run(self) -> None:
        # People arrive over the first minute: signing in costs a password hash, and 70 of
        # them in a few seconds would queue every request behind them.
        time.sleep(self.random.uniform(0, self.browser.journal.ramp))
        if not self.browser.sign_in(self.email, self.until):
            return
        while self.alive():
            self.think()
            self.step()


class Student(Person):
    def __init__(self, browser, email, until, seed, *, profile_ids: list[int], to_hold: list[int]):
        super().__init__(browser, email, until, seed)
        self.profile_ids, self.to_hold, self.to_thank = profile_ids, list(to_hold), []

    def step(self) -> None:
        roll = self.random.random()
        if self.to_thank and roll < 0.1:
            self.thank(self.to_thank[0])
        elif self.to_hold and roll < 0.2:
            self.hold(self.to_hold[0])
        elif roll < 0.45:
            self.browser.go(
                "GET", "/alumni/?" + urlencode({"q": self.random.choice(TOPICS)}), "search"
            )
        elif roll < 0.7:
            self.browser.go("GET", f"/alumni/{self.random.choice(self.profile_ids)}/", "profile")
        elif roll < 0.9:
            self.ask(self.random.choice(self.profile_ids))
        else:
            self.browser.go("GET", "/interviews/", "my requests")

    def ask(self, profile_id: int) -> None:
        status, page, _ = self.browser.go("GET", f"/interviews/new/{profile_id}/", "request form")
        if status != 200:
            return  # already asked (a redirect to that request), or the server is down
        fields = self.request_fields(Forms(page), page)
        # Sent again, as a person would, when the answer does not come: the same form, so the
        # server must not create a second request.
        for _ in range(4):
            status, _, location = self.browser.go(
                "POST", f"/interviews/new/{profile_id}/", "send request", fields
            )
            if status == 302 and SENT_PATH.match(location):
                request_id = int(SENT_PATH.match(location).group(1))
                self.confirm("sent", request_id, submission_key=fields["submission_key"])
                return
            if status and status < 500:
                return  # refused by a rule, explained on the form
            time.sleep(2)

    def request_fields(self, form: Forms, page: str) -> dict:
        employer, title = _profile_words(page)
        day = datetime.now(UTC).replace(minute=0, second=0, microsecond=0)
        first = day + timedelta(days=self.random.randint(2, 40), hours=self.random.randint(0, 8))
        return {
            "purpose": purpose_for(employer, title),
            "questions": form.choices("questions")[:2],
            "format": (form.choices("format") or ["video"])[0],
            "minutes": form.value("minutes") or "20",
            "times_0": first.strftime("%Y-%m-%dT%H:%M"),
            "times_1": (first + timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M"),
            "times_2": "",
            "submission_key": form.value("submission_key"),
            "action": "send",
        }

    def hold(self, request_id: int) -> None:
        status, _, _ = self.browser.go("POST", f"/interviews/{request_id}/held/", "mark held", {})
        if status == 302:
            self.confirm("held", request_id)
            self.to_hold.remove(request_id)
            self.to_thank.append(request_id)

    def thank(self, request_id: int) -> None:
        path = f"/interviews/{request_id}/thank-you/"
        status, _, _ = self.browser.go("GET", path, "thank-you form")
        if status != 200:
            return
        body = "Thank you for your time and for everything you told me about your work."
        status, _, _ = self.browser.go("POST", path, "send thanks", {"body": body})
        if status == 302:
            self.confirm("thanked", request_id)
            self.to_thank.remove(request_id)


def _profile_words(page: str) -> tuple[str, str]:
    """Something from the volunteer's profile for the purpose to mention: the request form
    names their employer; any of the seeded ones will do when it cannot be found."""
    from load_seed import EMPLOYERS, TITLES

    for employer, title in zip(EMPLOYERS, TITLES, strict=True):
        if employer in page:
            return employer, title
    return EMPLOYERS[0], TITLES[0]


class Volunteer(Person):
    def __init__(self, browser, email, until, seed, *, mailbox: Mailbox):
        super().__init__(browser, email, until, seed)
        self.mailbox, self.read = mailbox, 0

    def step(self) -> None:
        mail = self.mailbox.inboxes[self.email.lower()]
        if self.read < len(mail):
            self.read += 1
            self.answer(mail[self.read - 1])
        elif self.random.random() < 0.5:
            self.browser.go("GET", "/inbox/", "inbox")

    def answer(self, raw: bytes) -> None:
        text = message_from_bytes(raw, policy=policy.default).get_body(("plain",)).get_content()
        accept_part = text.split("Can't take this one?")[0]
        links = re.findall(r"https?://[^/\s]+(/inbox/reply/[^/\s]+/)", accept_part)
        found = re.search(r"/inbox/(\d+)/", text)
        if not links or found is None:
            return  # not a request: a scheduled or thank-you email
        link = links[0]
        status, page, _ = self.browser.go("GET", link, "open link")
        if status != 200 or "Accept this time" not in page:
            return
        for _ in range(4):
            status, page, _ = self.browser.go("POST", link, "accept from link", {})
            if status == 200 and "<h1>Accepted</h1>" in page:
                self.confirm("accepted", int(found.group(1)))
                return
            if status and status < 500:
                return  # used, or the request moved on
            time.sleep(2)


class Probe(threading.Thread):
    """Every half second: the health check, and a page that needs the database and a session."""

    def __init__(self, port: int, journal: Journal, email: str, until: float):
        super().__init__(daemon=True, name="probe")
        self.journal, self.until, self.email = journal, until, email
        self.health = Browser(port, journal, "probe", log=journal.probes)
        self.page = Browser(port, journal, "probe", log=journal.probes)

    def run(self) -> None:
        self.page.sign_in(self.email, self.until)
        while self.journal.now() < self.until:
            self.health.go("GET", "/healthz/", "health")
            self.page.go("GET", "/interviews/", "page")
            time.sleep(0.5)
