"""Backup and restore: one tar file holding the database's rows (Django's serializer, natural
keys, so a backup taken on SQLite restores into PostgreSQL and back), the uploaded files, and a
manifest with the SHA-256 of every member.

The rows are read inside one transaction, so the snapshot is consistent while the app keeps
running: SQLite in WAL mode gives a read transaction a stable view; on PostgreSQL the transaction
is REPEATABLE READ and READ ONLY. Restoring goes into an empty installation only, checks every hash
before touching anything, loads all rows in one transaction and puts the files in place after it
commits.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import tarfile
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import connection, transaction
from django.db.migrations.recorder import MigrationRecorder

FORMAT = 1
DATA_NAME = "database.json"
MANIFEST_NAME = "manifest.json"
MEDIA_PREFIX = "media/"
# Rebuilt by migrate, or of no worth in another installation (sessions, queued background tasks).
EXCLUDED = ("contenttypes", "auth.permission", "sessions", "django_tasks_database")
CHUNK = 1 << 20


class BackupError(Exception):
    """A backup cannot be written or restored; the message says why, in Chinese."""


@dataclass(frozen=True)
class Summary:
    path: Path
    rows: int
    files: int
    size: int


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(CHUNK), b""):
            digest.update(block)
    return digest.hexdigest()


def _media_files() -> Iterator[tuple[str, Path]]:
    root = Path(settings.MEDIA_ROOT)
    if not root.is_dir():
        return
    for path in sorted(root.rglob("*")):
        if path.is_file() and not path.is_symlink():
            yield path.relative_to(root).as_posix(), path


def _migrations() -> dict[str, str]:
    latest: dict[str, str] = {}
    for app, name in MigrationRecorder(connection).applied_migrations():
        if name > latest.get(app, ""):
            latest[app] = name
    return dict(sorted(latest.items()))


def _dump_rows(target: Path) -> int:
    """Serialize every row in one consistent read; returns the number of rows."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        with target.open("w", encoding="utf-8") as handle:
            call_command(
                "dumpdata",
                natural_foreign=True,
                natural_primary=True,
                exclude=list(EXCLUDED),
                indent=None,
                stdout=handle,
            )
    with target.open(encoding="utf-8") as handle:
        return len(json.load(handle))


def write_backup(target: Path, progress: Callable[[str], None] = lambda _: None) -> Summary:
    """Write a backup tar to ``target`` (written beside it, then renamed: never half a file)."""
    target = target.resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=target.parent, prefix=".backup-") as work:
        data = Path(work) / DATA_NAME
        progress("读取数据库")
        rows = _dump_rows(data)
        progress(f"数据库 {rows} 行;打包上传文件")
        members: dict[str, dict[str, Any]] = {
            DATA_NAME: {"sha256": _sha256_file(data), "size": data.stat().st_size}
        }
        partial = Path(work) / "backup.tar"
        with tarfile.open(partial, "w") as tar:
            tar.add(data, arcname=DATA_NAME)
            for relative, path in _media_files():
                name = MEDIA_PREFIX + relative
                members[name] = {"sha256": _sha256_file(path), "size": path.stat().st_size}
                tar.add(path, arcname=name)
            manifest = {
                "format": FORMAT,
                "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
                "database": connection.vendor,
                "migrations": _migrations(),
                "rows": rows,
                "members": members,
            }
            blob = json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True).encode()
            info = tarfile.TarInfo(MANIFEST_NAME)
            info.size = len(blob)
            info.mtime = int(datetime.now(UTC).timestamp())
            tar.addfile(info, io.BytesIO(blob))
        os.replace(partial, target)
    return Summary(target, rows, len(members) - 1, target.stat().st_size)


def read_manifest(tar: tarfile.TarFile) -> dict[str, Any]:
    try:
        member = tar.getmember(MANIFEST_NAME)
    except KeyError:
        raise BackupError("备份文件缺少 manifest.json,不是本系统的备份。") from None
    handle = tar.extractfile(member)
    if handle is None:
        raise BackupError("备份文件中的 manifest.json 无法读取。")
    try:
        manifest: dict[str, Any] = json.load(handle)
    except ValueError as exc:
        raise BackupError(f"manifest.json 格式错误:{exc}") from exc
    if manifest.get("format") != FORMAT:
        raise BackupError(f"不支持的备份格式版本:{manifest.get('format')}")
    return manifest


def _check_members(tar: tarfile.TarFile, manifest: dict[str, Any], into: Path) -> None:
    """Extract every listed member into ``into``, refusing unsafe names and wrong hashes."""
    listed: dict[str, dict[str, Any]] = manifest["members"]
    present = {m.name: m for m in tar.getmembers() if m.name != MANIFEST_NAME}
    missing = sorted(set(listed) - set(present))
    extra = sorted(set(present) - set(listed))
    if missing or extra:
        raise BackupError(f"备份内容与清单不符:缺少 {missing[:5]},多出 {extra[:5]}。")
    for name, member in present.items():
        if not member.isfile() or name.startswith("/") or ".." in Path(name).parts:
            raise BackupError(f"备份中有不安全的条目:{name}")
        source = tar.extractfile(member)
        if source is None:
            raise BackupError(f"备份中的 {name} 无法读取。")
        destination = into / name
        destination.parent.mkdir(parents=True, exist_ok=True)
        digest = hashlib.sha256()
        with destination.open("wb") as out:
            for block in iter(lambda src=source: src.read(CHUNK), b""):
                digest.update(block)
                out.write(block)
        if digest.hexdigest() != listed[name]["sha256"]:
            raise BackupError(f"{name} 的 SHA-256 与清单不符,备份已损坏或被改动。")


def _installation_is_empty() -> bool:
    if any(model._base_manager.exists() for model in apps.get_app_config("org").get_models()):
        return False
    media_root = Path(settings.MEDIA_ROOT)
    return not media_root.exists() or not any(p.is_file() for p in media_root.rglob("*"))


def _clear_seeded_rows(data: Path) -> None:
    """Rows a fresh installation may already hold (defaults written by migrations, a seeded
    calendar) make way for the backup's own, so restoring never collides with them."""
    with data.open(encoding="utf-8") as handle:
        labels = {row["model"] for row in json.load(handle)}
    for label in labels:
        model = apps.get_model(label)
        if model._base_manager.exists():
            model._base_manager.all().delete()


def restore_backup(source: Path, progress: Callable[[str], None] = lambda _: None) -> Summary:
    """Restore a backup into this (empty, migrated) installation: all of it, or nothing."""
    if not source.is_file():
        raise BackupError(f"找不到备份文件:{source}")
    if not tarfile.is_tarfile(source):
        raise BackupError(f"{source.name} 不是备份文件(应为 tar 格式)。")
    if not _installation_is_empty():
        raise BackupError("只能恢复到空的安装中:数据库中已有单位或人员,或上传文件目录不为空。")
    media_root = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory(prefix="zhaoshang-restore-") as work:
        staging = Path(work)
        with tarfile.open(source) as tar:
            manifest = read_manifest(tar)
            progress("校验备份内容")
            _check_members(tar, manifest, staging)
        newer = {
            app: name
            for app, name in manifest["migrations"].items()
            if name > _migrations().get(app, "")
        }
        if newer:
            raise BackupError(f"备份来自更新的版本(迁移 {newer}),请先升级本系统再恢复。")
        progress(f"载入 {manifest['rows']} 行数据")
        with transaction.atomic():
            _clear_seeded_rows(staging / DATA_NAME)
            call_command("loaddata", str(staging / DATA_NAME), verbosity=0)
        progress("放回上传文件")
        staged_media = staging / MEDIA_PREFIX.rstrip("/")
        files = 0
        if staged_media.is_dir():
            for path in staged_media.rglob("*"):
                if path.is_file():
                    final = media_root / path.relative_to(staged_media)
                    final.parent.mkdir(parents=True, exist_ok=True)
                    shutil.move(path, final)
                    files += 1
    return Summary(source, int(manifest["rows"]), files, source.stat().st_size)
