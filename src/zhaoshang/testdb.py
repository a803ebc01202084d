"""Choose the database the suite runs on, before Django reads its settings.

``ZHAOSHANG_TEST_DB=sqlite`` (default): SQLite, as the embedded installation runs.
``ZHAOSHANG_TEST_DB=postgres``: a throwaway PostgreSQL cluster started here on 127.0.0.1 from the
server binaries on the machine (run as the ``postgres`` OS user when we are root, since the server
refuses to run as root), stopped and removed at exit. Loaded by pytest with ``-p zhaoshang.testdb`` (pyproject.toml), before pytest-django reads settings.
"""

from __future__ import annotations

import atexit
import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path


def _pg_bin() -> Path:
    for candidate in (
        "/usr/lib/postgresql/17/bin",
        "/usr/lib/postgresql/16/bin",
        "/usr/lib/postgresql/15/bin",
    ):
        if (Path(candidate) / "initdb").exists():
            return Path(candidate)
    found = shutil.which("initdb")
    if found:
        return Path(found).parent
    raise RuntimeError("ZHAOSHANG_TEST_DB=postgres but no PostgreSQL server binaries were found")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _run(cmd: list[str], as_postgres: bool) -> None:
    if as_postgres:
        cmd = ["runuser", "-u", "postgres", "--", *cmd]
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def start_cluster() -> str:
    bindir = _pg_bin()
    as_postgres = os.geteuid() == 0
    root = Path(tempfile.mkdtemp(prefix="zhaoshang-pg-"))
    data = root / "data"
    if as_postgres:
        shutil.chown(root, "postgres", "postgres")
        os.chmod(root, 0o700)
    port = _free_port()
    _run(
        [
            str(bindir / "initdb"),
            "-D",
            str(data),
            "-U",
            "postgres",
            "-A",
            "trust",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
        ],
        as_postgres,
    )
    _run(
        [
            str(bindir / "pg_ctl"),
            "-D",
            str(data),
            "-w",
            "-l",
            str(root / "log"),
            "-o",
            f"-h 127.0.0.1 -p {port} -k {root} -c fsync=off -c full_page_writes=off "
            "-c synchronous_commit=off",
            "start",
        ],
        as_postgres,
    )

    def stop() -> None:
        subprocess.run(
            (["runuser", "-u", "postgres", "--"] if as_postgres else [])
            + [str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            check=False,
        )
        shutil.rmtree(root, ignore_errors=True)

    atexit.register(stop)
    return f"postgres://postgres@127.0.0.1:{port}/postgres"


_choice = os.environ.get("ZHAOSHANG_TEST_DB", "sqlite")
if _choice == "postgres":
    os.environ["DATABASE_URL"] = start_cluster()
elif _choice == "sqlite":
    os.environ.pop("DATABASE_URL", None)
else:
    raise RuntimeError(f"ZHAOSHANG_TEST_DB must be sqlite or postgres, not {_choice!r}")
# The suite's own tests set up a replica where they need one; an operator's must not leak in.
os.environ.pop("DATABASE_REPLICA_URL", None)
os.environ.setdefault("ZHAOSHANG_DATA_DIR", tempfile.mkdtemp(prefix="zhaoshang-test-data-"))
# whitenoise expects STATIC_ROOT to exist even when files come from the finders.
(Path(os.environ["ZHAOSHANG_DATA_DIR"]) / "static").mkdir(parents=True, exist_ok=True)
