"""``zhaoshang check --deploy`` in a fresh process with only the given settings of ours."""

from __future__ import annotations

import os
import subprocess
import sys


def check_deploy(env_extra: dict[str, str]) -> subprocess.CompletedProcess[str]:
    # A clean environment: none of ours, and not the browser tests' async-safety switch.
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("ZHAOSHANG_") and k != "DJANGO_ALLOW_ASYNC_UNSAFE"
    }
    env.update(env_extra)
    return subprocess.run(
        [sys.executable, "-m", "zhaoshang.cli", "check", "--deploy", "--fail-level", "WARNING"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
