"""`zhaoshang check --deploy` is clean under the documented production settings."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from tests.deploy_check import check_deploy


def test_deploy_check_passes_with_production_settings(tmp_path) -> None:
    result = check_deploy(
        {
            "ZHAOSHANG_ENV": "production",
            "ZHAOSHANG_SECRET_KEY": "x7" * 30 + "-production-secret-key-for-test",
            "ZHAOSHANG_ALLOWED_HOSTS": "zhaoshang.example.gov.cn",
            "ZHAOSHANG_DATA_DIR": str(tmp_path),
        }
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key(tmp_path) -> None:
    result = check_deploy({"ZHAOSHANG_ENV": "production", "ZHAOSHANG_DATA_DIR": str(tmp_path)})
    assert result.returncode != 0
    assert "ZHAOSHANG_SECRET_KEY" in result.stderr


def test_a_malformed_whole_number_setting_fails_loudly_naming_it(tmp_path) -> None:
    result = check_deploy(
        {"ZHAOSHANG_BULLETIN_CACHE_SECONDS": "10m", "ZHAOSHANG_DATA_DIR": str(tmp_path)}
    )
    assert result.returncode != 0
    assert "ZHAOSHANG_BULLETIN_CACHE_SECONDS='10m' is not a whole number" in result.stderr


def test_a_malformed_boolean_setting_fails_loudly(tmp_path) -> None:
    result = check_deploy({"ZHAOSHANG_DEBUG": "maybe", "ZHAOSHANG_DATA_DIR": str(tmp_path)})
    assert result.returncode != 0
    assert "ZHAOSHANG_DEBUG" in result.stderr


def _databases(env_extra: dict[str, str], tmp_path) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ZHAOSHANG_", "DATABASE_"))}
    env.update({"ZHAOSHANG_DATA_DIR": str(tmp_path), **env_extra})
    script = "import json; from zhaoshang import settings; print(json.dumps(settings.DATABASES, default=str))"
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, check=True
    )
    return json.loads(result.stdout)


def test_postgresql_connections_run_without_jit_unless_the_url_says_otherwise(tmp_path) -> None:
    databases = _databases(
        {
            "DATABASE_URL": "postgres://app@db.internal:5432/zhaoshang",
            "DATABASE_REPLICA_URL": "postgres://app@replica.internal:5432/zhaoshang",
        },
        tmp_path,
    )
    assert databases["default"]["OPTIONS"]["options"] == "-c jit=off"
    assert databases["replica"]["OPTIONS"]["options"] == "-c jit=off"
    own = _databases(
        {"DATABASE_URL": "postgres://app@db.internal:5432/zhaoshang?options=-c%20work_mem%3D64MB"},
        tmp_path,
    )
    assert own["default"]["OPTIONS"]["options"] == "-c work_mem=64MB"
    sqlite = _databases({}, tmp_path)
    assert "options" not in sqlite["default"].get("OPTIONS", {})
