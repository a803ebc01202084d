"""The web under load: wrk against ``zhaoshang serve`` (granian) with production settings.

Run: ``.venv/bin/python -m benchmarks.bench_web`` (needs ``wrk`` on the PATH: ``apt-get install
wrk``). It makes a throwaway data folder, loads the demo district into it (SQLite; or into
``DATABASE_URL`` if set — an empty PostgreSQL database), registers one public document, starts
``zhaoshang serve --workers 2`` on 127.0.0.1 (port ``BENCH_PORT``, default 8765) with
``ZHAOSHANG_ENV=production`` and a throwaway secret, logs in once as ``bureau`` through the real
login form (CSRF token and Referer, as a browser does), then runs wrk with ``benchmarks/web_load.lua``
(any response that is not 2xx counts as an error):

1. issue 11, benchmark 3 — the bulletin page and the dashboard vs a bare Django view
   (``benchmarks/urls.py``, served through ``benchmarks.bench_settings``; the product has no such
   route), 32 connections, 30 s each: goal ≥ 25 % of the bare view's requests/s, p99 < 300 ms,
   no errors;
2. issue 12, "Load" — the pages people use most, in rotation, 32 connections, 60 s: no errors.

Every request carries ``X-Forwarded-Proto: https``, as the TLS-terminating proxy in docs/deploy.md
sends it, so the production security settings (HTTPS redirect, secure cookies, HSTS, CSRF Referer
check) are all on and satisfied. Prints Markdown rows for docs/benchmarks.md; the servers it starts
are stopped and the throwaway data folder removed at the end. ``BENCH_DATA_DIR=/some/folder`` uses
(and keeps) that folder instead: the demo is loaded into it on the first run and reused afterwards
(with PostgreSQL, keep the same ``DATABASE_URL`` between such runs: the rows live there).
Errors are the non-2xx responses plus wrk's socket errors and timeouts (``--timeout 60s``).

``BENCH_SECONDS`` / ``BENCH_LOAD_SECONDS`` shorten the runs for a quick try.
"""

from __future__ import annotations

import http.client
import json
import os
import platform
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from datetime import date
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
LUA = Path(__file__).resolve().with_name("web_load.lua")
HOST = "127.0.0.1"
USERNAME = "bureau"
PASSWORD = "Hedong-2026"  # the demo's password (docs/demo.md)
CONNECTIONS = 32
THREADS = 2


def prepare() -> None:
    """In a child process with the benchmark's environment: migrate, load the demo, register one
    public document, and print the ids the pages need as one JSON line."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "benchmarks.bench_settings")
    import django

    django.setup()
    from django.core.management import call_command
    from weasyprint import HTML

    from zhaoshang.org.models import Unit, User
    from zhaoshang.portal import actions
    from zhaoshang.reporting.models import UnitReturn

    call_command("migrate", verbosity=0)
    call_command("demo", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
    year = date.today().year
    bureau = User.objects.get(username=USERNAME)
    body = "".join(
        f'<section style="page-break-after:always"><h1>{year}年1-3月全区招商引资工作通报</h1>'
        f"<p>第{n}页 相公街道 九曲街道</p></section>"
        for n in (1, 2, 3)
    )
    document = actions.register_document(
        actor=bureau,
        title=f"{year}年1-3月全区招商引资工作通报",
        issuer="河东区招商局",
        doc_number=f"河招〔{year}〕3号",
        issued_on=date(year, 4, 5),
        kind="bulletin",
        file_name="tongbao.pdf",
        content=HTML(string=f"<html><body>{body}</body></html>").write_pdf(),
        period=f"{year}-03",
    )
    unit = Unit.objects.get(kind=Unit.Kind.UNIT, name="相公街道")
    unit_return = UnitReturn.objects.get(unit=unit, period__year=year, period__month=3)
    print(
        "PREPARED "
        + json.dumps({"year": year, "return_pk": unit_return.pk, "document": document.public_id})
    )


class Client:
    """Just enough of a browser for one login: cookies, CSRF token, Referer, the proxy header."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.cookies: dict[str, str] = {}

    def request(
        self, method: str, path: str, body: str | None = None, anonymous: bool = False
    ) -> tuple[int, dict[str, str], str]:
        conn = http.client.HTTPConnection(HOST, self.port, timeout=30)
        headers = {"X-Forwarded-Proto": "https", "Host": f"{HOST}:{self.port}"}
        if self.cookies and not anonymous:
            headers["Cookie"] = self.cookie_header()
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"https://{HOST}:{self.port}{path}"
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        text = response.read().decode("utf-8", "replace")
        if not anonymous:
            for value in response.headers.get_all("Set-Cookie") or []:
                for name, morsel in SimpleCookie(value).items():
                    self.cookies[name] = morsel.value
        conn.close()
        return response.status, dict(response.headers.items()), text

    def cookie_header(self) -> str:
        return "; ".join(f"{k}={v}" for k, v in sorted(self.cookies.items()))

    def login(self, username: str = USERNAME, password: str = PASSWORD) -> None:
        status, _headers, page = self.request("GET", "/login/")
        match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        if status != 200 or match is None or "csrftoken" not in self.cookies:
            raise SystemExit(f"login page: HTTP {status}, no CSRF token")
        form = {"username": username, "password": password, "csrfmiddlewaretoken": match[1]}
        status, headers, _page = self.request("POST", "/login/", urlencode(form))
        if status != 302 or "sessionid" not in self.cookies:
            raise SystemExit(f"login as {username} failed: HTTP {status} {headers.get('Location')}")


def wait_until_up(port: int, server: subprocess.Popen[bytes], seconds: float = 600) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"zhaoshang serve exited with {server.returncode}")
        try:
            status, _h, _b = Client(port).request("GET", "/healthz", anonymous=True)
            if status == 200:
                return
        except OSError:
            pass
        time.sleep(0.5)
    raise SystemExit("zhaoshang serve did not answer /healthz in time")


def run_wrk(port: int, cookie: str, seconds: int, url_path: str, paths: list[str]) -> dict:
    command = [
        "wrk",
        f"-t{THREADS}",
        f"-c{CONNECTIONS}",
        f"-d{seconds}s",
        "--timeout",
        "60s",
        "-s",
        str(LUA),
        "-H",
        f"Cookie: {cookie}",
        "-H",
        "X-Forwarded-Proto: https",
        f"http://{HOST}:{port}{url_path}",
    ]
    if paths:
        command += ["--", *paths]
    load_before = os.getloadavg()[0]
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    line = next(x for x in out.splitlines() if x.startswith("WRKJSON "))
    print(f"{url_path} {' '.join(paths)} {seconds} s: {line}", file=sys.stderr)
    result = json.loads(line.removeprefix("WRKJSON "))
    seconds_run = result["duration_us"] / 1e6
    result["rps"] = result["requests"] / seconds_run
    result["errors"] = (
        result["not2xx"] + result["connect"] + result["read"] + result["write"] + result["timeout"]
    )
    result["load"] = (load_before, os.getloadavg()[0])
    return result


def row(name: str, r: dict, extra: str = "") -> str:
    return (
        f"| {name} | {r['requests']:,} | {r['rps']:.1f} | {r['p50_us'] / 1000:.0f} | "
        f"{r['p99_us'] / 1000:.0f} | {r['max_us'] / 1000:.0f} | {r['errors']}"
        f"{' (' + describe_errors(r) + ')' if r['errors'] else ''} | "
        f"{r['load'][0]:.2f} → {r['load'][1]:.2f} |{extra}"
    )


def describe_errors(r: dict) -> str:
    parts = [f"{r[k]} {k}" for k in ("s3xx", "s4xx", "s5xx", "connect", "read", "timeout") if r[k]]
    return ", ".join(parts)


def main() -> None:
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed (apt-get install wrk)")
    port = int(os.environ.get("BENCH_PORT", "8765"))
    seconds = int(os.environ.get("BENCH_SECONDS", "30"))
    load_seconds = int(os.environ.get("BENCH_LOAD_SECONDS", "60"))
    reuse = os.environ.get("BENCH_DATA_DIR", "")
    data_dir = Path(reuse) if reuse else Path(tempfile.mkdtemp(prefix="zhaoshang-bench-web-"))
    data_dir.mkdir(parents=True, exist_ok=True)
    prepared_file = data_dir / "bench-prepared.json"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "benchmarks.bench_settings",
        "ZHAOSHANG_ENV": "production",
        "ZHAOSHANG_DEBUG": "false",
        "ZHAOSHANG_SECRET_KEY": secrets.token_urlsafe(64),
        "ZHAOSHANG_ALLOWED_HOSTS": HOST,
        "ZHAOSHANG_DATA_DIR": str(data_dir),
        "ZHAOSHANG_EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
    }
    server: subprocess.Popen[bytes] | None = None
    try:
        started = time.perf_counter()
        if prepared_file.exists():  # BENCH_DATA_DIR from an earlier run: the demo is there
            ids = json.loads(prepared_file.read_text())
        else:
            prepared = subprocess.run(
                [sys.executable, "-m", "benchmarks.bench_web", "prepare"],
                env=env,
                cwd=ROOT,
                capture_output=True,
                text=True,
            )
            if prepared.returncode != 0:
                raise SystemExit(f"prepare failed:\n{prepared.stderr[-3000:]}")
            line = next(x for x in prepared.stdout.splitlines() if x.startswith("PREPARED "))
            ids = json.loads(line.removeprefix("PREPARED "))
            prepared_file.write_text(json.dumps(ids))
            print(f"demo loaded in {time.perf_counter() - started:.0f} s: {ids}", file=sys.stderr)

        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "zhaoshang.cli",
                "serve",
                "--host",
                HOST,
                "--port",
                str(port),
                "--workers",
                "2",
                "--no-migrate",
            ],
            env=env,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            start_new_session=True,
        )
        wait_until_up(port, server)
        client = Client(port)
        client.login()
        year = ids["year"]
        pages = {
            "bare": "/_bench/bare/",
            "bulletin": f"/bulletins/{year}-3/",
            "dashboard": "/dashboard/",
            "home": "/",
            "return": f"/reporting/returns/{ids['return_pk']}/",
            "projects": "/projects/",
            "portal": "anon:/portal/",
            "document": f"anon:/portal/d/{ids['document']}/",
        }
        for name, path in pages.items():  # each page answers 200 before it is measured
            anonymous = path.startswith("anon:")
            status, _h, _b = client.request("GET", path.removeprefix("anon:"), anonymous=anonymous)
            if status != 200:
                raise SystemExit(f"{name} {path}: HTTP {status} before the run")
        cookie = client.cookie_header()
        for name in ("bare", "bulletin", "dashboard"):  # warm every worker and cache
            run_wrk(port, cookie, 5, pages[name], [])

        results = {
            name: run_wrk(port, cookie, seconds, pages[name], [])
            for name in ("bare", "bulletin", "dashboard")
        }
        mixed = [pages[n] for n in ("home", "return", "bulletin", "dashboard", "projects")]
        mixed += [pages["portal"], pages["document"]]
        load = run_wrk(port, cookie, load_seconds, "/", mixed)
        # still logged in after the runs (the idle timeout did not end the session under load)
        try:
            status, _h, _b = client.request("GET", "/")
        except TimeoutError:
            status = 0
        if status != 200:
            print(f"after the runs the session answers HTTP {status}", file=sys.stderr)
    finally:
        if server is not None and server.poll() is None:
            server.send_signal(signal.SIGTERM)
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
                server.wait()
        if not reuse:
            shutil.rmtree(data_dir, ignore_errors=True)

    database = "postgresql" if os.environ.get("DATABASE_URL") else "sqlite"
    machine = (
        f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"{database}, granian 2 workers, wrk -t{THREADS} -c{CONNECTIONS}"
    )
    bare = results["bare"]["rps"]
    print(f"{date.today()} — {machine}\n")
    print(f"Benchmark 3 ({seconds} s each):\n")
    print(
        "| page | requests | req/s | p50 (ms) | p99 (ms) | max (ms) | errors | load avg | "
        "% of bare |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    for name, r in results.items():
        print(row(f"{name} `{pages[name]}`", r, f" {100 * r['rps'] / bare:.0f} % |"))
    print(f"\nLoad ({load_seconds} s, the 7 pages in rotation):\n")
    print("| pages | requests | req/s | p50 (ms) | p99 (ms) | max (ms) | errors | load avg |")
    print("|---|---|---|---|---|---|---|---|")
    print(row("home, return, bulletin, dashboard, projects, portal, document", load))
    print("\nJSON " + json.dumps({"results": results, "load": load, "pages": pages}))


if __name__ == "__main__":
    if sys.argv[1:] == ["prepare"]:
        prepare()
    else:
        main()
