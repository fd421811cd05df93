#!/usr/bin/env python3
"""Set up Spotlight on a machine that has only Python, then run it or test it.

    python3 scripts/dev.py run    web, Celery worker and beat, PostgreSQL, Redis, demo data
    python3 scripts/dev.py test   lint, migration check and the whole test suite
    python3 scripts/dev.py manage COMMAND ...   any manage.py command against run's data
    python3 scripts/dev.py benchmark email|directory [options]   on a database of its own
        (both use a running `run`'s PostgreSQL and Redis and leave them running)
    python3 scripts/dev.py benchmark load [options]   load with PostgreSQL and Redis outages

The first call creates .venv and installs the pinned dependencies; later calls reuse it and
reinstall only when pyproject.toml or constraints.txt change. This file uses the standard
library alone because it runs before anything is installed; the rest is scripts/devstack.py.
"""

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
PYTHON = VENV / "bin" / "python"
STAMP = VENV / ".spotlight-installed"
MANIFESTS = ("pyproject.toml", "constraints.txt")
COMMANDS = ("run", "test", "manage", "benchmark")


def main() -> None:
    if sys.version_info < (3, 11):  # noqa: UP036 - this line runs on any Python
        sys.exit(f"Spotlight needs Python 3.11 or newer; this is {sys.version.split()[0]}.")
    if len(sys.argv) < 2 or sys.argv[1] not in COMMANDS:
        sys.exit(__doc__)
    ensure_virtualenv()
    ensure_installed()
    devstack = ROOT / "scripts" / "devstack.py"
    os.execv(PYTHON, [str(PYTHON), str(devstack), *sys.argv[1:]])


def ensure_virtualenv() -> None:
    if PYTHON.exists():
        return
    print(f"spotlight: creating {VENV.relative_to(ROOT)}", flush=True)
    try:
        venv.create(VENV, with_pip=True)
    except subprocess.CalledProcessError:
        # Debian's Python ships venv without ensurepip; fall back to the system pip, if any.
        venv.create(VENV, with_pip=False, clear=True)
        seeded = subprocess.call(
            [sys.executable, "-m", "pip", "--python", str(PYTHON), "install", "-q", "pip"]
        )
        if seeded != 0:
            sys.exit("spotlight: cannot install pip into .venv; install python3-venv or pip.")


def ensure_installed() -> None:
    wanted = manifest_digest()
    if STAMP.exists() and STAMP.read_text() == wanted:
        return
    print("spotlight: installing pinned dependencies (first run takes a minute)", flush=True)
    pip = [str(PYTHON), "-m", "pip", "--disable-pip-version-check", "install", "-q"]
    subprocess.run([*pip, "-c", "constraints.txt", ".[dev]"], cwd=ROOT, check=True)
    STAMP.write_text(wanted)


def manifest_digest() -> str:
    digest = hashlib.sha256()
    for name in MANIFESTS:
        digest.update((ROOT / name).read_bytes())
    return digest.hexdigest()


if __name__ == "__main__":
    main()
