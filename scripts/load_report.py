"""The end of a load run: wait for the mail to drain, check, print the figures as a table."""

import csv
from collections import Counter

import load_verify
from load_stack import announce
from load_verify import RECOVERY_LIMIT


def write_journal(journal, logs) -> None:
    """Every request and probe, for a closer look (kept with --keep)."""
    for name, hits in (("requests", journal.hits), ("probes", journal.probes)):
        with (logs / f"{name}.csv").open("w", newline="") as out:
            rows = csv.writer(out)
            rows.writerow(["started_s", "seconds", "who", "what", "status"])
            for hit in sorted(hits, key=lambda hit: hit.started):
                rows.writerow(
                    [f"{hit.started:.3f}", f"{hit.seconds:.3f}", hit.who, hit.what, hit.status]
                )


def verify_and_report(journal, cast, mailbox, args) -> int:
    announce("load over; waiting for the outbox to drain")
    waited = load_verify.wait_for_outbox(cast.last_seed_email, args.drain)
    recoveries = recovery_times(journal.probes, journal.outages, args.seconds)
    bands = load_verify.bands(journal.hits, journal.outages, recoveries, args.seconds)
    lost = load_verify.lost_actions(journal.confirmed)
    mail = load_verify.check_mail(journal.confirmed, cast.last_seed_email, mailbox.message_ids())
    failures = checks(journal, recoveries, bands, lost, mail)
    print_report(journal, recoveries, bands, mail, waited, args)
    for line in [*lost, *mail.problems, *mail.duplicates][:40]:
        print(f"  - {line}")
    for failure in failures:
        print(f"FAILED: {failure}")
    if not failures:
        print("All checks passed.")
    return 1 if failures else 0


def recovery_times(probes, outages: dict, length: float) -> dict:
    """Each outage's recovery, judged on the probes until the next outage begins."""
    starts = sorted(down for down, _ in outages.values())
    times = {}
    for name, (down, up) in outages.items():
        until = next((start for start in starts if start > down), length)
        times[name] = load_verify.recovery_after(probes, down, up, until)
    return times


def checks(journal, recoveries, bands, lost, mail) -> list[str]:
    failures = []
    if len(journal.outages) < 2:
        failures.append("the outages did not both happen")
    for name, seconds in recoveries.items():
        if seconds is None or seconds > RECOVERY_LIMIT:
            failures.append(f"the site did not recover within {RECOVERY_LIMIT:.0f} s of {name}")
    if bands[0].errors():
        failures.append(f"{bands[0].errors()} server errors outside the outages")
    if lost:
        failures.append(f"{len(lost)} confirmed actions are not in the database")
    if mail.problems:
        failures.append(f"{len(mail.problems)} email problems")
    if not journal.confirmed:
        failures.append("no action was confirmed: the run did nothing")
    return failures


def print_report(journal, recoveries, bands, mail, waited, args) -> None:
    served = sum(hit.status != 0 for hit in journal.hits)
    kinds = Counter(action.kind for action in journal.confirmed)
    print()
    print(
        f"{args.students} students, {args.volunteers} volunteers, {args.seconds:.0f} s, "
        f"{args.web_workers} gunicorn workers: {len(journal.hits)} requests, {served} answered "
        f"({served / args.seconds:.0f}/s)"
    )
    print()
    print("| part of the run | when | requests | 2xx/3xx | 4xx | 5xx or none | error rate |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for band in bands:
        print(band.row())
    print()
    for name, (down, up) in journal.outages.items():
        seconds = recoveries.get(name)
        shown = "never" if seconds is None else f"{seconds:.1f} s"
        print(
            f"{name}: down from {down:.1f} s to {up:.1f} s ({up - down:.1f} s); "
            f"recovered {shown} after"
        )
    print(
        f"Confirmed actions: {kinds['sent']} requests sent, {kinds['accepted']} accepted from "
        f"links, {kinds['held']} marked held, {kinds['thanked']} thank-you notes"
    )
    print(
        f"Emails: {mail.expected} expected, {mail.in_outbox} in the outbox once, "
        f"{mail.delivered} delivered; {mail.run_total} written in the run "
        f"({', '.join(f'{n} {s}' for s, n in sorted(mail.by_status.items()))}); "
        f"{len(mail.duplicates)} delivered twice (in-flight window); outbox drained "
        f"{waited:.0f} s after the load"
    )
