"""Run by tests/core/test_replica.py in a fresh process, with the real settings and two databases:
``DATABASE_URL`` (the primary, A, empty) and ``DATABASE_REPLICA_URL`` (the replica, B) — two SQLite
files, or two databases of one PostgreSQL cluster.

Builds the test district in A, copies A to B (the file; or ``CREATE DATABASE B TEMPLATE A``),
renames the district and a town in B only (what a lagging replica looks like: the same rows, some
visibly different), then adds a leader to A only and serves pages through Django's test client.
Prints a JSON object of what it saw (each page's status, its ``<h1>`` and which names it shows);
the test judges it.

``python -m tests.core.replica_probe`` (from the project folder, with both variables set).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
from pathlib import Path
from typing import Any

import django

# As the replica has them: 河东区 (D1) → 副本区, 相公街道 (T01) → 副本街道.
RENAMED = {"D1": "副本区", "T01": "副本街道"}
MARKER = "副本"  # in both replica names, in no primary one


def _copy_primary_to_replica(primary: dict[str, Any], replica: dict[str, Any]) -> None:
    if primary["ENGINE"].endswith("sqlite3"):
        shutil.copyfile(primary["NAME"], replica["NAME"])
        return
    import psycopg
    from psycopg import sql

    with psycopg.connect(
        host=primary["HOST"],
        port=primary["PORT"],
        user=primary["USER"],
        password=primary["PASSWORD"],
        dbname="postgres",
        autocommit=True,
    ) as pg:
        pg.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(replica["NAME"])))
        pg.execute(
            sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(
                sql.Identifier(replica["NAME"]), sql.Identifier(primary["NAME"])
            )
        )


def main() -> dict[str, object]:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhaoshang.settings")
    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connections
    from django.test import Client
    from django.test.utils import override_settings

    from tests.bulletins.scenario import first_quarter
    from tests.world import PASSWORD, build_world
    from zhaoshang.org.models import User

    primary, replica = settings.DATABASES["default"], settings.DATABASES["replica"]
    call_command("migrate", verbosity=0)
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        world = build_world()
        first_quarter(world)
        connections.close_all()
        _copy_primary_to_replica(primary, replica)
        with connections["replica"].cursor() as cursor:  # autocommit: written at once
            for code, name in RENAMED.items():
                cursor.execute("UPDATE org_unit SET name = %s WHERE code = %s", [name, code])
        connections["replica"].close()
        seen: dict[str, object] = {
            "aliases": sorted(settings.DATABASES),
            "replica_mirror": replica["TEST"]["MIRROR"],
            "vendor": connections["replica"].vendor,
        }
        if primary["ENGINE"].endswith("sqlite3"):
            seen["replica_sha256"] = hashlib.sha256(Path(replica["NAME"]).read_bytes()).hexdigest()
        # Someone added after the copy: only the primary knows them (nor their session).
        User.objects.create_user(
            username="newleader",
            password=PASSWORD,
            role=world.leader.role,
            unit=world.leader.unit,
            full_name="新领导",
        )

        client = Client()
        login = client.post("/login/", {"username": "newleader", "password": PASSWORD})
        seen["login"] = [login.status_code, login.get("Location", "")]
        pages = {
            "dashboard": client.get("/dashboard/2026-3/"),
            "bulletin": client.get("/bulletins/2026-3/"),
            "drilldown": client.get("/bulletins/2026-3/units/T01/"),
            "projects": client.get("/projects/"),  # not a replica page
            "bulletin_post": client.post("/bulletins/2026-3/"),  # a POST is never scoped
        }
        for name, response in pages.items():
            html = response.content.decode()
            h1 = re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S)
            seen[name] = {
                "status": response.status_code,
                "h1": " ".join(h1.group(1).split()) if h1 else "",
                "replica_names": MARKER in html,
                "town_from_primary": "相公街道" in html,
                "town_from_replica": RENAMED["T01"] in html,
            }
        connections.close_all()
    return seen


if __name__ == "__main__":
    print(json.dumps(main(), ensure_ascii=False))
