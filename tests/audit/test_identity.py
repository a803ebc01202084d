"""Identity controls: password rules, forced change, lockout with unlock, idle timeout, log out
everywhere — and who may read the audit log."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import Client
from django.utils import timezone, translation

from tests.world import PASSWORD
from zhaoshang.audit.models import AuditRecord
from zhaoshang.org.models import User

pytestmark = pytest.mark.django_db
NEW = "Xin-mima-2026"


@pytest.mark.parametrize(
    ("password", "fault"),
    [
        ("Ab1-short", "至少"),  # 9 characters
        ("abcdefghijkl", "至少 3 类"),  # one class
        ("abcdefgh1234", "至少 3 类"),  # two classes
        ("1234567890123", "只包含数字"),
    ],
)
def test_weak_passwords_are_refused_with_the_reason(world, password, fault):
    with translation.override("zh-hans"), pytest.raises(ValidationError) as caught:
        validate_password(password, world.township_reporter)
    assert any(fault in m for m in caught.value.messages), caught.value.messages


def test_a_password_like_the_username_is_refused(world):
    world.bureau.username = "zhangwei2026"
    with pytest.raises(ValidationError):
        validate_password("Zhangwei2026!", world.bureau)


def test_the_current_and_the_last_five_passwords_may_not_be_chosen_again(world):
    person = world.township_reporter
    validate_password(NEW, person)
    with pytest.raises(ValidationError, match="最近 5 次"):
        validate_password(PASSWORD, person)  # the current one
    for i in range(5):
        person.set_password(f"Mima-{i}-2026!")
        person.save()
    with pytest.raises(ValidationError, match="最近 5 次"):
        validate_password("Mima-0-2026!", person)
    person.set_password("Mima-5-2026!")
    person.save()
    validate_password("Mima-0-2026!", person)  # six changes ago: allowed again


def test_a_person_whose_password_an_admin_chose_must_change_it_before_anything_else(world):
    person = world.township_reporter
    person.must_change_password = True
    person.save()
    client = Client()
    assert client.login(username=person.username, password=PASSWORD)
    response = client.get("/projects/")
    assert response.status_code == 302
    assert response["Location"].startswith("/org/password/?next=/projects/")
    page = client.get("/org/password/")
    assert "请先设置自己的密码" in page.content.decode()
    refused = client.post(
        "/org/password/",
        {"old_password": PASSWORD, "new_password1": PASSWORD, "new_password2": PASSWORD},
    )
    assert "最近 5 次" in refused.content.decode()
    done = client.post(
        "/org/password/", {"old_password": PASSWORD, "new_password1": NEW, "new_password2": NEW}
    )
    assert done.status_code == 302
    person.refresh_from_db()
    assert not person.must_change_password and person.check_password(NEW)
    assert client.get("/projects/").status_code == 200  # the session survived the change


def test_an_admins_reset_forces_a_change_and_ends_the_persons_sessions(world, login):
    person = world.dept_reporter
    their_client = login(person)
    assert their_client.get("/projects/").status_code == 200
    admin = Client()
    admin.force_login(world.admin)
    response = admin.post(
        f"/admin/org/user/{person.pk}/password/",
        {"password1": "Chongzhi-2026!", "password2": "Chongzhi-2026!", "usable_password": "true"},
    )
    assert response.status_code == 302, response.content.decode()[:500]
    person.refresh_from_db()
    assert person.must_change_password and person.check_password("Chongzhi-2026!")
    assert their_client.get("/projects/")["Location"].startswith("/login/")
    records = AuditRecord.objects.filter(kind="person", detail__person=person.username)
    record = records.order_by("pk").last()
    assert record.username == world.admin.username and "password" in record.detail["changes"]


def test_a_person_added_by_an_admin_must_change_the_first_password(world):
    admin = Client()
    admin.force_login(world.admin)
    response = admin.post(
        "/admin/org/user/add/",
        {
            "username": "newcomer",
            "password1": "Chushi-2026!",
            "password2": "Chushi-2026!",
            "usable_password": "true",
            "full_name": "新同事",
            "role": "reporter",
            "unit": world.xianggong.pk,
        },
    )
    assert response.status_code == 302, response.content.decode()[:800]
    assert User.objects.get(username="newcomer").must_change_password


def test_repeated_failures_lock_the_account_until_an_admin_unlocks_it(world, settings):
    settings.AXES_ENABLED = True
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/login/", {"username": "bureau", "password": "wrong"})
    locked = client.post("/login/", {"username": "bureau", "password": PASSWORD})
    assert locked.status_code == 429
    assert "暂时锁定" in locked.content.decode()
    assert AuditRecord.objects.filter(kind="lockout", username="bureau").exists()
    assert "_auth_user_id" not in client.session

    call_command("axes_reset_username", "bureau", stdout=StringIO())
    opened = client.post("/login/", {"username": "bureau", "password": PASSWORD})
    assert opened.status_code == 302 and client.session["_auth_user_id"] == str(world.bureau.pk)


def test_a_lockout_of_one_person_does_not_lock_another(world, settings):
    settings.AXES_ENABLED = True
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT + 1):
        client.post("/login/", {"username": "bureau", "password": "wrong"})
    ok = client.post("/login/", {"username": world.leader.username, "password": PASSWORD})
    assert ok.status_code == 302


def test_an_idle_session_ends_and_requests_renew_it_at_most_once_a_minute(world, login):
    assert django_settings.SESSION_COOKIE_AGE == 30 * 60
    assert not getattr(django_settings, "SESSION_SAVE_EVERY_REQUEST", False)
    client = login(world.bureau)
    client.get("/projects/")
    session = Session.objects.get(session_key=client.session.session_key)
    remaining = session.expire_date - timezone.now()
    assert timedelta(minutes=29) < remaining <= timedelta(minutes=30)
    # Within the minute, a request does not write the session again …
    soon = timezone.now() + timedelta(minutes=20)
    Session.objects.filter(pk=session.pk).update(expire_date=soon)
    client.get("/projects/")
    assert Session.objects.get(pk=session.pk).expire_date == soon
    # … a request a minute or more after the last renewal does, with a fresh 30 minutes.
    stored = client.session
    stored["_renewed"] -= 61
    stored.save()
    Session.objects.filter(pk=session.pk).update(expire_date=soon)
    client.get("/projects/")
    remaining = Session.objects.get(pk=session.pk).expire_date - timezone.now()
    assert timedelta(minutes=29) < remaining <= timedelta(minutes=30)
    Session.objects.filter(pk=session.pk).update(expire_date=timezone.now() - timedelta(seconds=1))
    assert client.get("/projects/")["Location"].startswith("/login/")


def test_logging_out_everywhere_ends_the_other_sessions_and_keeps_this_one(world, login):
    here, elsewhere = login(world.bureau), login(world.bureau)
    assert elsewhere.get("/projects/").status_code == 200
    response = here.post("/org/sessions/end-others/")
    assert response.status_code == 302
    assert here.get("/projects/").status_code == 200
    assert elsewhere.get("/projects/")["Location"].startswith("/login/")


def test_everyone_signed_in_may_change_their_password_and_end_their_sessions(world, login):
    for person in world.personas().values():
        client = login(person)
        assert client.get("/org/password/").status_code == 200
        assert client.get("/org/sessions/end-others/").status_code == 405
        assert client.post("/org/sessions/end-others/").status_code == 302


def test_anonymous_visitors_are_sent_to_login_for_password_and_sessions():
    client = Client()
    assert client.get("/org/password/")["Location"].startswith("/login/")
    assert client.post("/org/sessions/end-others/")["Location"].startswith("/login/")


@pytest.mark.parametrize("path", ["/audit/", "/audit/export.csv"])
def test_only_the_auditor_reads_or_exports_the_audit_log(world, login, path):
    for name, person in world.personas().items():
        status = login(person).get(path).status_code
        assert status == (200 if name == "auditor" else 403), name
    assert Client().get(path)["Location"].startswith("/login/")


def test_in_the_admin_nobody_changes_or_deletes_audit_records(world):
    record = AuditRecord.objects.first()
    admin = Client()
    admin.force_login(world.admin)
    assert admin.get("/admin/audit/auditrecord/").status_code == 403
    assert admin.get(f"/admin/audit/auditrecord/{record.pk}/change/").status_code == 403
    assert (
        admin.post(f"/admin/audit/auditrecord/{record.pk}/delete/", {"post": "yes"}).status_code
        == 403
    )
    assert AuditRecord.objects.filter(pk=record.pk).exists()
