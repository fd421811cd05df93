"""`dev.py manage` beside `dev.py run`: it uses run's PostgreSQL and Redis and leaves them up, and
after a run that was killed it starts and stops services of its own, on a data folder of its own."""

import http.client
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))

import devstack

SCRIPTS = devstack.ROOT / "scripts"

# run's side of the stack, without the web server, worker and beat it would start next.
RUN = """
import signal, sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[2])
import devstack
signal.signal(signal.SIGTERM, devstack.stop)
with devstack.run_services(Path(sys.argv[1])):
    time.sleep(300)
"""


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory):
    folder = tmp_path_factory.mktemp("local")
    yield folder
    # Whatever a failing test left behind on this folder, so that no server outlives the suite.
    for process in psutil.process_iter(["cmdline"]):
        if str(folder) in " ".join(process.info["cmdline"] or []):
            process.kill()


@pytest.fixture
def own_environment(monkeypatch):
    """As on a developer's machine: no server given, so the commands start or find their own."""
    for name in ("DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def run(data_dir, own_environment):
    process = subprocess.Popen([sys.executable, "-c", RUN, str(data_dir), str(SCRIPTS)])
    deadline = time.monotonic() + 60
    while devstack.read_state(data_dir) is None:
        assert process.poll() is None, "run's services did not start"
        assert time.monotonic() < deadline, "run's services took over a minute"
        time.sleep(0.1)
    yield process
    if process.poll() is None:
        process.terminate()
        process.wait(timeout=30)


@pytest.fixture
def site(run, data_dir):
    state = devstack.read_state(data_dir)
    port = devstack.free_port()
    env = {
        **os.environ,
        "DATABASE_URL": state["database_url"],
        "REDIS_URL": state["redis_url"],
        "DJANGO_SETTINGS_MODULE": "config.settings.local",
    }
    command = [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"]
    server = subprocess.Popen(command, cwd=devstack.ROOT, env=env, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 30
    while health(port) is None and time.monotonic() < deadline:
        time.sleep(0.1)
    yield port
    server.terminate()
    server.wait(timeout=10)


def health(port: int) -> int | None:
    """The status of /healthz/, which answers 503 when the database or Redis is gone."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        connection.request("GET", "/healthz/")
        return connection.getresponse().status
    except OSError:
        return None
    finally:
        connection.close()


def test_the_site_still_answers_after_a_manage_command_beside_run(site, data_dir, capfd):
    assert health(site) == 200

    assert devstack.manage_command(["preflight"], data_dir) == 0

    assert health(site) == 200
    output = capfd.readouterr().out
    assert "using the PostgreSQL and Redis of run" in output
    assert "Redis ready" not in output


def test_a_second_run_beside_the_first_is_refused(run, data_dir):
    with pytest.raises(SystemExit, match="run is already running"), devstack.run_services(data_dir):
        pass


def test_after_a_killed_run_manage_starts_and_stops_services_of_its_own(run, data_dir, capfd):
    run.send_signal(signal.SIGKILL)
    run.wait()

    assert devstack.manage_command(["preflight"], data_dir) == 0

    output = capfd.readouterr().out
    assert "stopped the Redis a crashed run left behind" in output
    assert "PostgreSQL stopped" in output
    assert devstack.read_state(data_dir) is None
    servers = [
        process.info["name"]
        for process in psutil.process_iter(["name", "cmdline"])
        if str(data_dir) in " ".join(process.info["cmdline"] or [])
    ]
    assert servers == []


@pytest.mark.parametrize("words", [["tets"], ["run", "--port", "8111"], []])
def test_a_mistyped_command_is_refused_rather_than_run_as_something_else(words):
    # Before, any word but run, manage and benchmark started the whole test suite.
    done = subprocess.run(
        [sys.executable, str(SCRIPTS / "devstack.py"), *words],
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert done.returncode == 1
    assert "usage: python3 scripts/dev.py" in done.stderr or "set PORT" in done.stderr
    assert "--- ruff check" not in done.stdout + done.stderr
