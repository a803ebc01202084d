"""The enterprise on the portal: filing, tracking with code + phone, rating; forged codes and
brute force are refused."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from tests.casework.conftest import at
from tests.casework.helpers import intake, register, submit
from zhaoshang.casework import actions
from zhaoshang.casework.models import Case, Status

pytestmark = pytest.mark.django_db


def test_the_request_form_is_public_and_returns_a_tracking_code(world, cal):
    client = Client()
    url = reverse("service:request")
    assert client.get(url).status_code == 200
    response = client.post(url, {**intake(), "unit": world.gongxiaoshe.pk})
    assert response.status_code == 201
    case = Case.objects.get()
    assert case.code in response.content.decode()
    assert (case.status, case.channel, case.first_unit) == (Status.NEW, "portal", world.gongxiaoshe)


def test_an_oversized_attachment_on_the_portal_is_refused_with_its_name(world, cal, settings):
    settings.ZHAOSHANG = {**settings.ZHAOSHANG, "MAX_UPLOAD_BYTES": 100}
    upload = SimpleUploadedFile("营业执照.pdf", b"%PDF-1.4" + b"x" * 500)
    response = Client().post(
        reverse("service:request"),
        {**intake(), "unit": world.gongxiaoshe.pk, "attachments": [upload]},
    )
    assert response.status_code == 422
    assert "营业执照.pdf" in response.content.decode() and "超过" in response.content.decode()
    assert not Case.objects.exists()


def test_tracking_needs_both_the_code_and_the_phone(world, cal):
    case = submit(world.gongxiaoshe)
    url = reverse("service:track")
    ok = Client().post(url, {"code": case.code.lower(), "phone": "138 0013 8000"})
    assert ok.status_code == 200 and case.title in ok.content.decode()
    for data in (
        {"code": case.code, "phone": "13900000000"},
        {"code": "XXXXXXXXXXXX", "phone": "13800138000"},
        {"code": "", "phone": ""},
    ):
        response = Client().post(url, data)
        assert response.status_code == 404
        body = response.content.decode()
        assert "查询码或联系电话不正确" in body and case.title not in body


def test_the_enterprise_sees_public_steps_but_not_internal_ones(world, cal):
    case = register(world.township_reporter)
    actions.ask_extension(
        actor=world.township_reporter, case=case, days=2, reason="内部原因", now=at(2026, 3, 3)
    )
    body = Client().post(reverse("service:track"), {"code": case.code, "phone": case.phone})
    assert "内部原因" not in body.content.decode()


def test_brute_forcing_codes_is_rate_limited_per_ip(world, cal, settings):
    settings.ZHAOSHANG = {**settings.ZHAOSHANG, "TRACK_MAX_FAILURES": 3}
    case = submit(world.gongxiaoshe)
    url = reverse("service:track")
    attacker = Client(REMOTE_ADDR="10.0.0.9")
    for n in range(3):
        assert attacker.post(url, {"code": f"AAAAAAAAAAA{n}", "phone": "1"}).status_code == 404
    blocked = attacker.post(url, {"code": case.code, "phone": case.phone})
    assert blocked.status_code == 429
    assert "查询失败次数过多" in blocked.content.decode()
    other = Client(REMOTE_ADDR="10.0.0.10")
    assert other.post(url, {"code": case.code, "phone": case.phone}).status_code == 200


def test_the_enterprise_rates_a_completed_case_and_dissatisfaction_reopens_it(world, cal):
    case = register(world.township_reporter)
    actions.complete_case(
        actor=world.township_reporter, case=case, result="已办结", now=at(2026, 3, 4)
    )
    page = Client().post(reverse("service:track"), {"code": case.code, "phone": case.phone})
    assert 'id="rate-form"' in page.content.decode()
    url = reverse("service:rate")
    missing = Client().post(url, {"code": case.code, "phone": case.phone, "satisfied": "0"})
    assert missing.status_code == 422 and "不满意时请说明原因" in missing.content.decode()
    ok = Client().post(
        url, {"code": case.code, "phone": case.phone, "satisfied": "0", "comment": "没有解决"}
    )
    assert ok.status_code == 200
    case.refresh_from_db()
    assert case.status == Status.HANDLING and case.reopens == 1


def test_rating_with_a_forged_code_is_refused(world, cal):
    case = register(world.township_reporter)
    actions.complete_case(
        actor=world.township_reporter, case=case, result="办结", now=at(2026, 3, 4)
    )
    response = Client().post(
        reverse("service:rate"), {"code": case.code, "phone": "13111111111", "satisfied": "1"}
    )
    assert response.status_code == 404
    case.refresh_from_db()
    assert case.status == Status.COMPLETED


def test_commitments_are_public(world, cal):
    actions.save_commitment(
        actor=world.unit_leader,
        unit=world.xianggong,
        item="企业开办指导",
        statutory_days=5,
        promised_days=2,
        documents="营业执照复印件",
    )
    response = Client().get(reverse("service:commitments"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "企业开办指导" in body and "免费" in body and "相公街道" in body


def test_a_portal_request_for_a_committed_item_takes_the_promised_limit(world, cal):
    commitment = actions.save_commitment(
        actor=world.bureau, unit=world.guotu, item="用地预审", statutory_days=20, promised_days=4
    )
    url = reverse("service:request")
    wrong = Client().post(
        url, {**intake(), "unit": world.gongxiaoshe.pk, "commitment": commitment.pk}
    )
    assert wrong.status_code == 422 and "不属于受理单位" in wrong.content.decode()
    ok = Client().post(url, {**intake(), "unit": world.guotu.pk, "commitment": commitment.pk})
    assert ok.status_code == 201
    case = Case.objects.get()
    assert case.commitment == commitment and "承诺时限 4 个工作日" in case.deadline_explanation
