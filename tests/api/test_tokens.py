"""Bearer tokens: shown once, stored as a hash, refused (401) when expired or revoked; session
authentication with CSRF on unsafe methods; the management command."""

from __future__ import annotations

import hashlib
from datetime import timedelta
from io import StringIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.middleware.csrf import _get_new_csrf_string
from django.test import Client
from django.utils import timezone

from tests.world import PASSWORD
from zhaoshang.api import actions
from zhaoshang.api.models import ApiToken
from zhaoshang.core.models import Event


def _get(key: str, path: str = "/api/v1/units"):
    return Client().get(path, headers={"Authorization": f"Bearer {key}"})


def test_token_is_stored_only_as_its_sha256_hash(world):
    token, key = actions.create_token(actor=world.bureau, user=world.bureau, name="报表", days=90)
    assert token.key_hash == hashlib.sha256(key.encode()).hexdigest()
    assert key.startswith(f"zs_{token.prefix}_")
    stored = ApiToken.objects.filter(pk=token.pk).values().get()
    assert key not in {str(v) for v in stored.values()}
    assert Event.objects.filter(verb="api_token.created", subject_id=str(token.pk)).exists()


def test_valid_token_authenticates_as_its_user_and_records_last_use(world):
    token, key = actions.create_token(actor=world.bureau, user=world.bureau, name="报表", days=90)
    response = _get(key)
    assert response.status_code == 200
    assert {u["code"] for u in response.json()} >= {"T01", "T02", "B01"}
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_expired_token_gets_401(world):
    token, key = actions.create_token(actor=world.bureau, user=world.bureau, name="旧", days=1)
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    response = _get(key)
    assert response.status_code == 401
    assert "令牌" in response.json()["detail"]


def test_revoked_token_gets_401(world):
    token, key = actions.create_token(actor=world.bureau, user=world.bureau, name="旧", days=30)
    actions.revoke_token(actor=world.bureau, token=token)
    assert _get(key).status_code == 401
    assert Event.objects.filter(verb="api_token.revoked").count() == 1


def test_token_of_a_deactivated_user_gets_401(world):
    _, key = actions.create_token(actor=world.bureau, user=world.bureau, name="旧", days=30)
    world.bureau.is_active = False
    world.bureau.save()
    assert _get(key).status_code == 401


def test_made_up_token_gets_401(world):
    assert _get("zs_deadbeef_nothing").status_code == 401


def test_a_person_may_not_create_or_revoke_tokens_for_someone_else(world):
    with pytest.raises(PermissionDenied):
        actions.create_token(actor=world.township_reporter, user=world.bureau, name="x", days=9)
    token, _ = actions.create_token(actor=world.admin, user=world.bureau, name="管理员代建", days=9)
    with pytest.raises(PermissionDenied):
        actions.revoke_token(actor=world.township_reporter, token=token)
    assert ApiToken.objects.get(pk=token.pk).revoked_at is None


def test_token_needs_a_name_and_a_sensible_lifetime(world):
    with pytest.raises(ValidationError) as exc:
        actions.create_token(actor=world.bureau, user=world.bureau, name=" ", days=0)
    assert set(exc.value.message_dict) == {"name", "days"}
    assert ApiToken.objects.count() == 0


def test_session_writes_need_the_csrf_token(scene, world):
    client = Client(enforce_csrf_checks=True)
    assert client.login(username=world.bureau.username, password=PASSWORD)
    body = {"value": "1", "reason": "测试"}
    path = f"/api/v1/targets/{scene.target.pk}/adjust"
    refused = client.post(path, body, content_type="application/json")
    assert refused.status_code == 403
    scene.target.refresh_from_db()
    assert scene.target.versions.count() == 1
    csrf_value = _get_new_csrf_string()
    client.cookies["csrftoken"] = csrf_value
    allowed = client.post(
        path, body, content_type="application/json", headers={"X-CSRFToken": csrf_value}
    )
    assert allowed.status_code == 200, allowed.content
    assert scene.target.versions.count() == 2


def test_token_writes_need_no_csrf_token(scene, world):
    _, key = actions.create_token(actor=world.bureau, user=world.bureau, name="脚本", days=9)
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        f"/api/v1/targets/{scene.target.pk}/adjust",
        {"value": "2", "reason": "脚本调整"},
        content_type="application/json",
        headers={"Authorization": f"Bearer {key}"},
    )
    assert response.status_code == 200


def test_command_creates_a_token_shown_once_and_revokes_it_by_prefix(world):
    out = StringIO()
    call_command(
        "api_token",
        "create",
        world.bureau.username,
        "--name",
        "月报同步",
        "--days",
        "90",
        stdout=out,
    )
    key = out.getvalue().strip().splitlines()[-1]
    token = ApiToken.objects.get()
    assert key.startswith(f"zs_{token.prefix}_")
    assert (token.expires_at - timezone.now()).days in (89, 90)
    assert _get(key).status_code == 200
    call_command("api_token", "revoke", token.prefix, stdout=StringIO())
    assert _get(key).status_code == 401


def test_command_refuses_unknown_users_and_prefixes_in_chinese(world):
    with pytest.raises(CommandError, match="不存在"):
        call_command("api_token", "create", "nobody", "--name", "x", stdout=StringIO())
    with pytest.raises(CommandError, match="不存在"):
        call_command("api_token", "revoke", "ffffffff", stdout=StringIO())
    assert ApiToken.objects.count() == 0
