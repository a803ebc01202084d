"""The audit log: what is recorded, append-only, and a hash chain that exposes tampering."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import Client

from tests.world import PASSWORD
from zhaoshang.audit import chain
from zhaoshang.audit.log import append, verify
from zhaoshang.audit.models import AppendOnly, AuditRecord

pytestmark = pytest.mark.django_db


def kinds() -> list[str]:
    """The kinds recorded, apart from the world's people being created."""
    records = AuditRecord.objects.exclude(kind="person").order_by("pk")
    return list(records.values_list("kind", flat=True))


def test_the_chain_links_each_record_to_the_one_before():
    first = chain.digest(chain.GENESIS, {"a": 1})
    second = chain.digest(first, {"b": 2})
    records = [(1, chain.GENESIS, first, {"a": 1}), (2, first, second, {"b": 2})]
    assert chain.first_break(records) is None
    assert chain.first_break([records[0], (2, first, second, {"b": 3})]) == 2  # content changed
    assert chain.first_break([records[1]]) == 2  # the first record removed
    assert chain.first_break([]) is None


def test_login_logout_and_failed_login_are_recorded_through_the_login_page(world):
    client = Client()
    client.post("/login/", {"username": "bureau", "password": "wrong"})
    client.post("/login/", {"username": "bureau", "password": PASSWORD})
    client.post("/logout/")
    assert kinds() == ["login_failed", "login", "logout"]
    failed = AuditRecord.objects.get(kind="login_failed")
    assert failed.username == "bureau" and failed.user_id is None
    assert failed.ip == "127.0.0.1" and failed.path == "/login/"
    assert AuditRecord.objects.get(kind="login").user_id == world.bureau.pk


def test_a_refused_request_is_recorded(world, login):
    client = login(world.township_reporter)
    response = client.get("/audit/")
    assert response.status_code == 403
    denied = AuditRecord.objects.get(kind="denied")
    assert denied.username == world.township_reporter.username
    assert denied.path == "/audit/" and denied.method == "GET"


def test_a_download_is_recorded_but_not_a_page(world, login):
    client = login(world.auditor)
    client.get("/audit/")
    assert not AuditRecord.objects.filter(kind="download").exists()
    response = client.get("/audit/export.csv")
    assert response.status_code == 200
    b"".join(response.streaming_content)
    download = AuditRecord.objects.get(kind="download")
    assert download.path == "/audit/export.csv"
    assert "audit.csv" in download.detail["file"]


def test_changes_to_people_and_roles_are_recorded_without_password_hashes(world):
    person = world.township_reporter
    person.role = "unit_leader"
    person.save()
    person.set_password("An0ther-Passw0rd!")
    person.save()
    person.last_login = None
    person.save()  # nothing watched changed: no record
    records = list(
        AuditRecord.objects.filter(kind="person", detail__person=person.username).order_by("pk")
    )
    verbs = [r.detail["verb"] for r in records]
    assert verbs == ["created", "changed", "changed"]
    assert records[1].detail["changes"] == {"role": ["reporter", "unit_leader"]}
    assert records[2].detail["changes"] == {"password": ["…", "…"]}
    assert person.password not in str(records[2].detail)


def test_records_cannot_be_changed_or_deleted_through_the_orm(world):
    record = append("denied", username="x")
    record.path = "/changed/"
    with pytest.raises(AppendOnly):
        record.save()
    with pytest.raises(AppendOnly):
        record.delete()
    with pytest.raises(AppendOnly):
        AuditRecord.objects.filter(pk=record.pk).update(path="/x/")
    with pytest.raises(AppendOnly):
        AuditRecord.objects.filter(pk=record.pk).delete()


def test_verify_passes_on_an_untouched_log_and_finds_a_record_changed_in_the_database(world):
    for i in range(5):
        append("denied", username=f"u{i}")
    checked, broken = verify()
    assert broken is None and checked == AuditRecord.objects.count()
    out = StringIO()
    call_command("audit", "verify", stdout=out)
    assert "审计链完整" in out.getvalue()

    target = AuditRecord.objects.get(username="u2")
    with connection.cursor() as cursor:  # what someone with database access might do
        cursor.execute("UPDATE audit_auditrecord SET username = %s WHERE id = %s", ["x", target.pk])
    assert verify()[1].pk == target.pk
    with pytest.raises(CommandError, match=f"第 {target.pk} 条"):
        call_command("audit", "verify", stdout=StringIO())


def test_verify_finds_a_record_removed_from_the_middle_or_the_end(world):
    for i in range(4):
        append("denied", username=f"u{i}")
    ordered = list(AuditRecord.objects.order_by("pk"))
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditrecord WHERE id = %s", [ordered[-1].pk])
    assert verify()[1] is not None  # the head still names the removed last record
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditrecord WHERE id = %s", [ordered[1].pk])
    assert verify()[1].pk == ordered[2].pk
