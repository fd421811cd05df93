"""What a load run checks afterwards: recovery times from the probe, error rates inside and
outside the outages, every confirmed action in the database, and every email in the outbox
once and at the SMTP server once. The database half needs Django set up."""

import time
from collections import Counter
from dataclasses import dataclass, field

from load_users import Confirmed, Hit

RECOVERY_LIMIT = 10.0
# Recovered means: from this answer on, every probe answers for this long.
STABLE_FOR = 10.0


def failed(hit: Hit) -> bool:
    return hit.status == 0 or hit.status >= 500


def recovery_after(probes: list[Hit], down_at: float, up_at: float, until: float) -> float | None:
    """Seconds from the service's return to the first probe answer from which the probes
    succeed for STABLE_FOR seconds (or until `until`); None if that never happened."""
    after = sorted((p for p in probes if p.started >= down_at), key=lambda p: p.started)
    for index, probe in enumerate(after):
        done = probe.started + probe.seconds
        if failed(probe) or probe.status != 200 or done < up_at:
            continue
        window = [p for p in after[index:] if p.started < min(done + STABLE_FOR, until)]
        if all(p.status == 200 for p in window):
            return max(0.0, done - up_at)
    return None


@dataclass
class Band:
    name: str
    start: float
    end: float
    hits: list[Hit] = field(default_factory=list)

    def row(self) -> str:
        errors = sum(failed(hit) for hit in self.hits)
        client = sum(400 <= hit.status < 500 for hit in self.hits)
        rate = errors / len(self.hits) if self.hits else 0.0
        span = f"{self.start:.0f} to {self.end:.0f} s" if self.end > self.start else "-"
        return (
            f"| {self.name} | {span} | {len(self.hits)} | {len(self.hits) - errors - client} | "
            f"{client} | {errors} | {rate:.1%} |"
        )

    def errors(self) -> int:
        return sum(failed(hit) for hit in self.hits)


def bands(hits: list[Hit], outages: dict, recoveries: dict, length: float) -> list[Band]:
    """Each outage, the recovery after it, and the rest of the run ("outside")."""
    windows = []
    for name, (down, up) in outages.items():
        windows.append(Band(f"{name} down", down, up))
        end = up + (recoveries.get(name) if recoveries.get(name) is not None else RECOVERY_LIMIT)
        windows.append(Band(f"{name} recovering", up, end))
    outside = Band("outside the outages", 0.0, length)
    for hit in hits:
        # A request that was under way when a service stopped belongs to that outage.
        ended = hit.started + hit.seconds
        band = next((b for b in windows if hit.started < b.end and ended >= b.start), outside)
        band.hits.append(hit)
    return [outside, *windows]


# --- The database ---------------------------------------------------------------------------


def lost_actions(confirmed: list[Confirmed]) -> list[str]:
    """Each action the server confirmed that the database does not show."""
    from apps.interviews.models import Action, InterviewRequest, State, ThankYouNote, Transition

    problems = []
    for action in confirmed:
        request = InterviewRequest.objects.filter(pk=action.request_id).first()
        if action.kind == "sent":
            same_form = InterviewRequest.objects.filter(submission_key=action.submission_key)
            ok = request is not None and request.student.email == action.who
            ok = ok and list(same_form.values_list("pk", flat=True)) == [request.pk]
        elif action.kind == "accepted":
            ok = Transition.objects.filter(
                request=action.request_id, action=Action.ACCEPT, via_link=True
            ).exists()
        elif action.kind == "held":
            ok = request is not None and request.state == State.COMPLETED
        else:
            ok = ThankYouNote.objects.filter(request=action.request_id).exists()
        if not ok:
            problems.append(
                f"{action.kind} #{action.request_id} by {action.who} at {action.at:.1f} s"
            )
    return problems


def expected_emails(confirmed: list[Confirmed]) -> dict[tuple[str, str], str]:
    """(event key prefix, recipient) for each email a confirmed action must have written."""
    from apps.interviews.models import InterviewRequest

    people = {
        pk: (student, volunteer)
        for pk, student, volunteer in InterviewRequest.objects.filter(
            pk__in={action.request_id for action in confirmed}
        ).values_list("pk", "student__email", "profile__email")
    }
    wanted = {}
    for action in confirmed:
        if action.request_id not in people:
            continue  # already reported as lost
        student, volunteer = people[action.request_id]
        prefix = f"interview:{action.request_id}"
        if action.kind == "sent":
            wanted[(f"{prefix}:received", volunteer)] = action.kind
        elif action.kind == "accepted":
            wanted[(f"{prefix}:scheduled:", student)] = action.kind
            wanted[(f"{prefix}:scheduled:", volunteer)] = action.kind
        elif action.kind == "thanked":
            wanted[(f"{prefix}:thanks", volunteer)] = action.kind
    return wanted


@dataclass
class MailFigures:
    expected: int = 0
    in_outbox: int = 0
    delivered: int = 0
    run_total: int = 0
    by_status: dict = field(default_factory=dict)
    duplicates: list[str] = field(default_factory=list)  # documented in-flight window
    problems: list[str] = field(default_factory=list)


def check_mail(confirmed: list[Confirmed], last_seed_email: int, received: list[str]):
    from apps.notifications.models import Email

    figures = MailFigures()
    arrivals = Counter(received)
    run_mail = list(
        Email.objects.filter(pk__gt=last_seed_email).values(
            "pk", "event_key", "recipient", "message_id", "status", "attempts"
        )
    )
    figures.run_total = len(run_mail)
    figures.by_status = dict(Counter(row["status"] for row in run_mail))
    wanted = expected_emails(confirmed)
    figures.expected = len(wanted)
    for (prefix, recipient), kind in wanted.items():
        rows = [
            r for r in run_mail if r["recipient"] == recipient and _matches(r["event_key"], prefix)
        ]
        if len(rows) != 1:
            figures.problems.append(f"{len(rows)} emails for {kind} {prefix} to {recipient}")
            continue
        figures.in_outbox += 1
        figures.delivered += arrivals[rows[0]["message_id"]] > 0
    for row in run_mail:
        count = arrivals[row["message_id"]]
        where = f"email {row['pk']} ({row['event_key']} to {row['recipient']}, {row['status']})"
        if count == 0:
            figures.problems.append(f"{where} never reached the SMTP server")
        elif count > 1 and row["attempts"] > 1:
            figures.duplicates.append(f"{where} arrived {count} times")
        elif count > 1:
            figures.problems.append(f"{where} arrived {count} times in one attempt")
    return figures


def _matches(key: str, prefix: str) -> bool:
    return key.startswith(prefix) if prefix.endswith(":") else key == prefix


def wait_for_outbox(last_seed_email: int, seconds: float) -> float:
    """Wait until no email of the run is waiting or being sent; how long that took."""
    from django.db import close_old_connections

    from apps.notifications.models import Email

    started = time.monotonic()
    while time.monotonic() - started < seconds:
        close_old_connections()
        pending = Email.objects.filter(pk__gt=last_seed_email, status__in=["queued", "sending"])
        if not pending.exists():
            break
        time.sleep(2)
    return time.monotonic() - started
