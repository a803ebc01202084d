"""``zhaoshang serve``: migrate, then run the web server (granian, WSGI) and the task worker."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser


class Command(BaseCommand):
    help = "迁移数据库,启动网站(granian)与后台任务进程。Migrate, then serve the app and run the worker."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--workers", type=int, default=1, help="web worker processes")
        parser.add_argument(
            "--no-worker", action="store_true", help="do not start the task worker and the clock"
        )
        parser.add_argument("--no-migrate", action="store_true")

    def handle(self, *args: Any, **opts: Any) -> None:
        if not opts["no_migrate"]:
            call_command("migrate", interactive=False, verbosity=0)
        if not settings.DEBUG:
            call_command("collectstatic", interactive=False, verbosity=0)
        granian = shutil.which("granian") or str(Path(sys.executable).with_name("granian"))
        if not Path(granian).exists():
            raise CommandError("granian is not installed in this environment")
        children: list[subprocess.Popen[bytes]] = []
        if not opts["no_worker"]:
            for command in (["db_worker", "--no-reload"], ["clock"]):
                children.append(subprocess.Popen([sys.executable, "-m", "zhaoshang.cli", *command]))
        web = subprocess.Popen(
            [
                granian,
                "--interface",
                "wsgi",
                "--host",
                opts["host"],
                "--port",
                str(opts["port"]),
                "--workers",
                str(opts["workers"]),
                "--blocking-threads",
                str(max(2, 2 * (os.cpu_count() or 1))),
                "--backpressure",
                "64",
                "zhaoshang.wsgi:application",
            ]
        )
        children.append(web)
        self.stdout.write(
            self.style.SUCCESS(
                f"招商 Zhaoshang: http://{opts['host']}:{opts['port']}/ (Ctrl+C 退出)"
            )
        )

        def stop(signum: int, frame: object) -> None:
            for child in children:
                if child.poll() is None:
                    child.terminate()

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        try:
            code = web.wait()
        finally:
            stop(signal.SIGTERM, None)
            for child in children:
                try:
                    child.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    child.kill()
        if code not in (0, -signal.SIGTERM, -signal.SIGINT):
            raise CommandError(f"web server exited with code {code}")
