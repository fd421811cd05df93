import http.client
import multiprocessing
import os
import random
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.test import Client
from django.urls import reverse
from django.utils.text import slugify

from apps.accounts.models import Role, User
from apps.directory import benchmark_data
from apps.directory.models import SpotlightProfile
from apps.notifications.smtp_sink import free_port

QUERIES = [
    {"q": "data analyst"},
    {"q": "product management"},
    {"q": "Northpine Health"},
    {"q": "Nortpine Helth"},  # employer typos
    {"q": "nurse", "industry": "healthcare"},
    {"industry": "finance", "accepting": "true"},
    {"q": "changing careers", "format": "video"},
    {"function": "engineering", "graduated_from": "2010", "graduated_to": "2020"},
    {"location": "Boston", "sort": "active"},
    {"q": "senior engineer", "page": "3"},
    {},
    # Searches students make every day: a topic, a job title, an industry, a second page.
    *({"q": topic} for topic in benchmark_data.TOPICS),
    *({"q": title.lower()} for title in benchmark_data.TITLES),
    *({"industry": slugify(name)} for name in benchmark_data.INDUSTRIES),
    *({"function": slugify(name), "page": "2"} for name in benchmark_data.FUNCTIONS),
]


@dataclass
class Measurement:
    name: str
    latencies: list[float]
    seconds: float

    @property
    def rps(self) -> float:
        return len(self.latencies) / self.seconds

    def percentile(self, share: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(share * len(ordered)))] * 1000

    def line(self) -> str:
        return (
            f"{self.name:<28} p50 {self.percentile(0.5):6.1f} ms   "
            f"p95 {self.percentile(0.95):6.1f} ms   {self.rps:7.0f} requests/s"
        )


def get(port: int, path: str, cookie: str) -> tuple[int, float]:
    started = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", path, headers={"Cookie": cookie, "Host": "127.0.0.1"})
    response = connection.getresponse()
    response.read()
    connection.close()
    return response.status, time.perf_counter() - started


def run_client(share: tuple[int, str, list[str]]) -> list[tuple[int, float, str]]:
    port, cookie, paths = share
    return [(*get(port, path, cookie), path) for path in paths]


class Command(BaseCommand):
    help = (
        "Generate a large directory (default 100,000 alumni, 20,000 published) and measure "
        "search and profile pages through gunicorn against two baseline views."
    )

    def add_arguments(self, parser):
        parser.add_argument("--profiles", type=int, default=100_000)
        parser.add_argument("--published", type=int, default=20_000)
        parser.add_argument("--requests", type=int, default=2000)
        parser.add_argument("--clients", type=int, default=8)
        parser.add_argument("--workers", type=int, default=4, help="gunicorn sync workers")

    def handle(self, *args, profiles, published, requests, clients, workers, **options):
        if benchmark_data.existing_count() < profiles:
            self.stdout.write(f"Generating {profiles:,} profiles ({published:,} published)...")
            benchmark_data.generate(profiles, published, log=self.stdout.write)
        benchmark_data.publish_exactly(published)
        cookie = self.session_cookie()
        ids = list(
            SpotlightProfile.objects.filter(is_published=True).values_list("pk", flat=True)[:500]
        )
        rng = random.Random(1)
        search = reverse("directory:search")
        targets = {
            "minimal template view": lambda: "/__baseline__/minimal/",
            "3 primary-key queries": lambda: "/__baseline__/three-queries/",
            "directory search (mix)": lambda: search + "?" + urlencode(rng.choice(QUERIES)),
            "profile page": lambda: reverse("directory:profile", args=[rng.choice(ids)]),
        }
        # A site in use has its common searches cached already: the search mix starts from
        # that steady state, each of its searches asked once before the measurement.
        warm = {"directory search (mix)": [search + "?" + urlencode(q) for q in QUERIES]}
        with self.server(workers) as port:
            results = [
                self.measure(name, path, port, cookie, requests, clients, warm.get(name, ()))
                for name, path in targets.items()
            ]
        # The same mix again with the search page's cache turned off: every search is built.
        # Another Redis database, so that nothing the first server kept can be found.
        empty_cache = urlsplit(settings.REDIS_URL)._replace(path="/15").geturl()
        uncached_server = {"SPOTLIGHT_SEARCH_CACHE_SECONDS": "0", "REDIS_URL": empty_cache}
        with self.server(workers, **uncached_server) as port:
            uncached = self.measure(
                "search, nothing cached", targets["directory search (mix)"], port, cookie,
                requests // 4, clients,
            )  # fmt: skip
        self.report([*results, uncached], profiles, published, clients)

    @contextmanager
    def server(self, workers: int, **environment: str) -> Iterator[int]:
        port = free_port()
        server = self.start_server(port, workers, environment)
        try:
            yield port
        finally:
            server.terminate()
            server.wait(timeout=30)

    def session_cookie(self) -> str:
        student, _ = User.objects.get_or_create(
            email=f"student@{benchmark_data.EMAIL_DOMAIN}", defaults={"role": Role.STUDENT}
        )
        client = Client()
        client.force_login(student)
        return (
            f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
        )

    def start_server(self, port: int, workers: int, environment: dict) -> subprocess.Popen:
        env = {**os.environ, **environment, "DJANGO_SETTINGS_MODULE": "config.settings.benchmark"}
        command = [
            *(sys.executable, "-m", "gunicorn", "config.wsgi", "--bind", f"127.0.0.1:{port}"),
            *("--workers", str(workers), "--log-level", "warning"),
        ]
        server = subprocess.Popen(command, cwd=settings.BASE_DIR, env=env)  # noqa: S603
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if self.get(port, "/healthz/", "")[0] == 200:
                    return server
            except OSError:
                time.sleep(0.2)
        server.terminate()
        raise CommandError("gunicorn did not start within 30 s.")

    @staticmethod
    def get(port: int, path: str, cookie: str) -> tuple[int, float]:
        return get(port, path, cookie)

    def measure(self, name, next_path, port, cookie, requests, clients, warm=()) -> Measurement:
        for path in [*warm, *(next_path() for _ in range(20))]:  # warm up every worker
            self.get(port, path, cookie)
        paths = [next_path() for _ in range(requests)]
        shares = [(port, cookie, paths[index::clients]) for index in range(clients)]
        # Client processes, not threads: one Python process could not keep 8 requests in
        # flight without its own lock slowing the measurement down.
        started = time.perf_counter()
        with multiprocessing.get_context("fork").Pool(clients) as pool:
            outcomes = [item for share in pool.map(run_client, shares) for item in share]
        seconds = time.perf_counter() - started
        failures = [f"{status} {path}" for status, _, path in outcomes if status != 200]
        if failures:
            raise CommandError(f"{name}: {len(failures)} failed requests, e.g. {failures[:3]}")
        return Measurement(name, [latency for _, latency, _ in outcomes], seconds)

    def report(self, results: list[Measurement], profiles, published, clients) -> None:
        self.stdout.write(
            f"\n{profiles:,} profiles, {published:,} published; {clients} concurrent clients; "
            f"{statistics.mean(len(r.latencies) for r in results):.0f} requests per line"
        )
        for result in results:
            self.stdout.write(result.line())
        baseline, search = results[1], results[2]
        self.stdout.write(
            f"search p95 {search.percentile(0.95):.1f} ms (goal < 50 ms); search handles "
            f"{search.rps / baseline.rps:.0%} of the 3-query view's requests/s (goal >= 25%)"
        )
