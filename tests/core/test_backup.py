"""Backup → wipe → restore gives back the same bulletin and the same files, or refuses cleanly."""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import tarfile
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from tests.bulletins.publish_helpers import MARCH, draft, publish
from tests.bulletins.scenario import first_quarter
from tests.world import PASSWORD, build_world
from zhaoshang.bulletins import queries
from zhaoshang.bulletins.compute import compute
from zhaoshang.bulletins.document import build_document
from zhaoshang.bulletins.models import PublishedBulletin
from zhaoshang.org.models import Unit, User

pytestmark = pytest.mark.django_db(transaction=True)


def media_hashes() -> dict[str, str]:
    root = Path(settings.MEDIA_ROOT)
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in root.rglob("*")
        if p.is_file()
    }


def bulletin_json() -> str:
    district = Unit.objects.get(code="D1")
    return json.dumps(build_document(compute(queries.gather(district, MARCH))), sort_keys=True)


@pytest.fixture
def published_world(django_capture_on_commit_callbacks):
    world = build_world()
    first_quarter(world)
    draft(world)
    publish(world, django_capture_on_commit_callbacks)
    return world


def wipe() -> None:
    call_command("flush", interactive=False, verbosity=0)
    shutil.rmtree(settings.MEDIA_ROOT, ignore_errors=True)


def test_backup_wipe_restore_gives_the_same_bulletin_and_files(published_world, tmp_path):
    before_json, before_files = bulletin_json(), media_hashes()
    assert any(name.startswith("bulletins/") for name in before_files)
    target = tmp_path / "b.tar"
    out = StringIO()
    call_command("backup", "-o", str(target), stdout=out, stderr=StringIO())
    assert "已写入" in out.getvalue()

    wipe()
    assert not User.objects.exists() and not media_hashes()

    call_command("restore", str(target), "--no-migrate", stdout=out, stderr=StringIO())
    assert bulletin_json() == before_json
    assert media_hashes() == before_files
    published = PublishedBulletin.objects.get()
    for item in published.files.all():
        data = (Path(settings.MEDIA_ROOT) / item.path).read_bytes()
        assert hashlib.sha256(data).hexdigest() == item.sha256
    # People can log in with their old passwords; the restored bulletin page still opens.
    client = Client()
    assert client.login(username="bureau", password=PASSWORD)
    assert client.get(f"/bulletins/published/{published.pk}/").status_code == 200


def test_the_manifest_lists_every_member_with_its_hash(published_world, tmp_path):
    target = tmp_path / "b.tar"
    call_command("backup", "-o", str(target), stdout=StringIO(), stderr=StringIO())
    with tarfile.open(target) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
        for name, facts in manifest["members"].items():
            data = tar.extractfile(name).read()
            assert hashlib.sha256(data).hexdigest() == facts["sha256"]
            assert len(data) == facts["size"]
    assert manifest["rows"] > 0
    assert "org" in manifest["migrations"]
    assert {n for n in manifest["members"] if n.startswith("media/")} == {
        "media/" + n for n in media_hashes()
    }


def test_restore_refuses_an_installation_that_already_has_data(published_world, tmp_path):
    target = tmp_path / "b.tar"
    call_command("backup", "-o", str(target), stdout=StringIO(), stderr=StringIO())
    units = Unit.objects.count()
    with pytest.raises(CommandError, match="只能恢复到空的安装"):
        call_command("restore", str(target), "--no-migrate", stdout=StringIO(), stderr=StringIO())
    assert Unit.objects.count() == units


def test_a_tampered_backup_is_refused_and_nothing_is_restored(published_world, tmp_path):
    target = tmp_path / "b.tar"
    call_command("backup", "-o", str(target), stdout=StringIO(), stderr=StringIO())
    forged = tmp_path / "forged.tar"
    with tarfile.open(target) as source, tarfile.open(forged, "w") as out:
        for member in source.getmembers():
            data = source.extractfile(member).read()
            if member.name == "database.json":
                data = data.replace("相公街道".encode(), "假的街道".encode())
                member.size = len(data)
            out.addfile(member, io.BytesIO(data))
    wipe()
    with pytest.raises(CommandError, match="SHA-256 与清单不符"):
        call_command("restore", str(forged), "--no-migrate", stdout=StringIO(), stderr=StringIO())
    assert not Unit.objects.exists()
    assert not media_hashes()


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"not a tar at all", "不是备份文件"), (None, "找不到备份文件")],
)
def test_restore_names_a_file_that_is_not_a_backup(db, tmp_path, content, message):
    path = tmp_path / "x.tar"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(CommandError, match=message):
        call_command("restore", str(path), "--no-migrate", stdout=StringIO(), stderr=StringIO())


def test_a_tar_without_a_manifest_is_refused(db, tmp_path):
    path = tmp_path / "other.tar"
    with tarfile.open(path, "w") as tar:
        info = tarfile.TarInfo("hello.txt")
        info.size = 2
        tar.addfile(info, io.BytesIO(b"hi"))
    with pytest.raises(CommandError, match=r"缺少 manifest\.json"):
        call_command("restore", str(path), "--no-migrate", stdout=StringIO(), stderr=StringIO())
