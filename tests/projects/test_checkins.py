"""Site check-ins: position, accuracy, photo (resized, hashed, EXIF read), the flags, the scope,
bad input, the project page's timeline and a check-in cited for a stage change."""

from __future__ import annotations

import hashlib
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from PIL import Image

from tests.projects.checkin_helpers import SITE, jpeg, photo, place
from tests.world import make_project
from zhaoshang.core.models import Event
from zhaoshang.projects import actions
from zhaoshang.projects.geo import Point, assess, distance_m, dms_to_decimal
from zhaoshang.projects.models import SiteCheckIn

pytestmark = pytest.mark.django_db

NEAR = ("35.101000", "118.360000")  # about 111 m north of the site
FAR = ("35.120000", "118.360000")  # about 2.2 km north


def _check_in(world, project, actor=None, *, at=NEAR, accuracy="12", content=None, **kw):
    return actions.check_in(
        actor=actor or world.township_reporter,
        project=project,
        latitude=at[0],
        longitude=at[1],
        accuracy_m=accuracy,
        photo=photo(content),
        **kw,
    )


def _post(client: Client, project, *, at=NEAR, accuracy="12", content=None):
    return client.post(
        reverse("projects:checkin", args=[project.pk]),
        {"latitude": at[0], "longitude": at[1], "accuracy_m": accuracy, "photo": photo(content)},
    )


# --- the pure part -----------------------------------------------------------------------


def test_distance_of_one_thousandth_of_a_degree_of_latitude_is_about_111_metres() -> None:
    a = Point(Decimal("35.1"), Decimal("118.36"))
    assert distance_m(a, Point(Decimal("35.101"), Decimal("118.36"))) == Decimal("111.2")
    assert distance_m(a, a) == 0


def test_exif_degrees_minutes_seconds_become_signed_decimal_degrees() -> None:
    assert dms_to_decimal(35, 6, 0, "N") == Decimal("35.100000")
    assert dms_to_decimal(118, 21, 36, "W") == Decimal("-118.360000")


def test_a_check_in_inside_the_fence_with_good_accuracy_has_no_flags() -> None:
    site = Point(*SITE)
    result = assess(position=site, accuracy_m=Decimal(10), site=site, exif=site)
    assert result.flags == () and result.trusted


def test_far_inaccurate_and_disagreeing_photo_are_each_flagged() -> None:
    site = Point(*SITE)
    far = Point(Decimal("35.12"), Decimal("118.36"))
    result = assess(position=far, accuracy_m=Decimal(150), site=site, exif=site)
    assert result.flags == ("far", "inaccurate", "exif_mismatch")


def test_a_project_without_coordinates_is_flagged_as_not_comparable() -> None:
    site = Point(*SITE)
    assert assess(position=site, accuracy_m=Decimal(5), site=None, exif=None).flags == ("no_site",)


# --- the action ----------------------------------------------------------------------------


def test_a_reporter_checks_in_near_the_site_and_the_photo_is_resized_and_hashed(world) -> None:
    project = place(make_project(world, world.xianggong))
    raw = jpeg(size=(4000, 3000), gps=(35.1005, 118.36))
    checkin = _check_in(world, project, content=raw)
    assert checkin.flags == []
    assert checkin.distance_m == Decimal("111.2")
    assert checkin.accuracy_m == Decimal("12.0")
    assert checkin.original_sha256 == hashlib.sha256(raw).hexdigest()
    stored = checkin.photo.read()
    assert hashlib.sha256(stored).hexdigest() == checkin.sha256
    assert (checkin.width, checkin.height) == (1600, 1200)
    assert checkin.exif_latitude == Decimal("35.100500")
    assert checkin.exif_taken_at is not None and checkin.exif_taken_at.year == 2026
    event = Event.objects.get(verb="project.checked_in")
    assert event.data["flags"] == [] and event.data["sha256"] == checkin.original_sha256


def test_a_check_in_far_away_is_flagged_but_kept(world) -> None:
    project = place(make_project(world, world.xianggong))
    checkin = _check_in(world, project, at=FAR)
    assert checkin.flags == ["far"]
    assert checkin.flag_labels() == ["超出项目地点范围"]
    assert checkin.distance_m > 2000


def test_the_geofence_radius_is_a_setting(world, settings) -> None:
    settings.CHECKIN_GEOFENCE_METRES = 100
    project = place(make_project(world, world.xianggong))
    assert _check_in(world, project).flags == ["far"]


def test_an_inaccurate_position_is_flagged(world) -> None:
    project = place(make_project(world, world.xianggong))
    assert _check_in(world, project, accuracy="350").flags == ["inaccurate"]


def test_a_photo_taken_elsewhere_is_flagged(world) -> None:
    project = place(make_project(world, world.xianggong))
    raw = jpeg(gps=(35.3, 118.6))
    checkin = _check_in(world, project, content=raw)
    assert checkin.flags == ["exif_mismatch"]
    assert checkin.exif_distance_m > 20000


@pytest.mark.parametrize(
    ("kwargs", "field", "message"),
    [
        ({"accuracy": ""}, "accuracy_m", "缺少定位精度"),
        ({"at": ("", "")}, "latitude", "缺少位置"),
        ({"at": ("95", "118")}, "latitude", "纬度应在 -90 到 90 之间"),
        ({"at": ("abc", "118")}, "latitude", "纬度不是有效的数字"),
        ({"accuracy": "-3"}, "accuracy_m", "不能为负数"),
        ({"content": b"%PDF-1.4 not a photo"}, "photo", "不是照片"),
        ({"content": b""}, "photo", "照片为空"),
    ],
)
def test_bad_input_is_refused_with_a_chinese_message_and_nothing_is_written(
    world, kwargs, field, message
) -> None:
    project = place(make_project(world, world.xianggong))
    with pytest.raises(ValidationError) as caught:
        _check_in(world, project, **kwargs)
    assert field in caught.value.message_dict
    assert message in caught.value.message_dict[field][0]
    assert not SiteCheckIn.objects.exists()
    assert not Event.objects.filter(verb="project.checked_in").exists()


def test_an_enormous_image_is_refused(world, monkeypatch) -> None:
    from zhaoshang.projects import photos

    monkeypatch.setattr(photos, "MAX_PIXELS", 1000 * 1000)
    project = place(make_project(world, world.xianggong))
    with pytest.raises(ValidationError) as caught:
        _check_in(world, project, content=jpeg(size=(1200, 1000)))
    assert "像素过大" in caught.value.message_dict["photo"][0]
    assert not SiteCheckIn.objects.exists()


def test_a_decompression_bomb_is_refused(world) -> None:
    project = place(make_project(world, world.xianggong))
    image = Image.new("1", (12000, 12000))
    import io

    out = io.BytesIO()
    image.save(out, "PNG")
    with pytest.raises(ValidationError) as caught:
        _check_in(world, project, content=out.getvalue())
    assert "像素过大" in caught.value.message_dict["photo"][0]


def test_no_one_checks_in_at_another_units_project(world) -> None:
    project = place(make_project(world, world.xianggong))
    for persona in ("dept_reporter", "outsider", "leader", "auditor"):
        with pytest.raises(PermissionDenied):
            _check_in(world, project, actor=getattr(world, persona))
    assert not SiteCheckIn.objects.exists()


def test_a_check_in_can_be_cited_for_a_stage_change_of_the_same_project_only(world) -> None:
    project = place(make_project(world, world.xianggong))
    other = make_project(world, world.xianggong)
    checkin = _check_in(world, project)
    with pytest.raises(ValidationError) as caught:
        actions.change_stage(
            actor=world.township_reporter,
            project=other,
            to_stage="construction",
            on=date(2026, 3, 1),
            checkin=checkin,
        )
    assert "不属于本项目" in caught.value.message_dict["checkin"][0]
    change = actions.change_stage(
        actor=world.township_reporter,
        project=project,
        to_stage="construction",
        on=date(2026, 3, 1),
        checkin=checkin,
    )
    assert change.checkin == checkin


# --- the pages -----------------------------------------------------------------------------


CAN_CHECK_IN = ["township_reporter", "unit_leader", "bureau", "admin"]
CANNOT_CHECK_IN = ["dept_reporter", "leader", "auditor", "outsider"]


@pytest.mark.parametrize("persona", CAN_CHECK_IN)
def test_the_lead_unit_the_bureau_and_admins_open_and_submit_the_check_in_page(
    world, login, persona
) -> None:
    project = place(make_project(world, world.xianggong))
    client = login(getattr(world, persona))
    page = client.get(reverse("projects:checkin", args=[project.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'accept="image/*"' in html and 'capture="environment"' in html
    assert "projects/checkin.js" in html
    response = _post(client, project)
    assert response.status_code == 302
    assert SiteCheckIn.objects.get().actor == getattr(world, persona)


@pytest.mark.parametrize("persona", CANNOT_CHECK_IN)
def test_others_get_not_found_for_the_check_in_page(world, login, persona) -> None:
    project = place(make_project(world, world.xianggong))
    client = login(getattr(world, persona))
    assert client.get(reverse("projects:checkin", args=[project.pk])).status_code == 404
    assert _post(client, project).status_code == 404
    assert not SiteCheckIn.objects.exists()


def test_anonymous_visitors_are_sent_to_log_in_for_check_ins(world) -> None:
    project = place(make_project(world, world.xianggong))
    checkin = _check_in(world, project)
    for url in (
        reverse("projects:checkin", args=[project.pk]),
        reverse("projects:checkin_photo", args=[checkin.pk]),
    ):
        assert Client().get(url).status_code == 302


def test_the_photo_is_shown_to_whoever_sees_the_project_only(world, login) -> None:
    project = place(make_project(world, world.xianggong))
    checkin = _check_in(world, project)
    url = reverse("projects:checkin_photo", args=[checkin.pk])
    for persona in ("township_reporter", "unit_leader", "bureau", "leader", "auditor", "admin"):
        response = login(getattr(world, persona)).get(url)
        assert response.status_code == 200, persona
        assert response["Content-Type"] == "image/jpeg"
    for persona in ("dept_reporter", "outsider"):
        assert login(getattr(world, persona)).get(url).status_code == 404


def test_a_page_post_with_a_non_image_shows_the_error_and_writes_nothing(world, login) -> None:
    project = place(make_project(world, world.xianggong))
    response = _post(login(world.township_reporter), project, content=b"hello")
    assert response.status_code == 400
    assert "现场照片:上传的文件不是照片" in response.content.decode()
    assert not SiteCheckIn.objects.exists()


def test_a_page_post_without_accuracy_names_the_field(world, login) -> None:
    project = place(make_project(world, world.xianggong))
    response = _post(login(world.township_reporter), project, accuracy="")
    assert response.status_code == 400
    assert "定位精度:缺少定位精度" in response.content.decode()


def test_check_ins_and_their_flags_show_on_the_project_page_timeline(world, login) -> None:
    project = place(make_project(world, world.xianggong))
    near = _check_in(world, project)
    far = _check_in(world, project, at=FAR)
    actions.change_stage(
        actor=world.bureau,
        project=project,
        to_stage="construction",
        on=date(2026, 3, 1),
        checkin=near,
    )
    html = login(world.leader).get(reverse("projects:detail", args=[project.pk])).content.decode()
    assert f'data-checkin="{near.pk}"' in html and f'data-checkin="{far.pk}"' in html
    assert "超出项目地点范围" in html and "位置可信" in html
    assert f'href="#checkin-{near.pk}"' in html


def test_the_stage_form_cites_a_check_in(world, login) -> None:
    project = place(make_project(world, world.xianggong))
    checkin = _check_in(world, project)
    response = login(world.township_reporter).post(
        reverse("projects:stage", args=[project.pk]),
        {"stage": "construction", "stage_date": "2026-03-01", "reason": "", "checkin": checkin.pk},
    )
    assert response.status_code == 302
    assert project.stage_changes.order_by("-pk").first().checkin == checkin


def test_coordinates_are_edited_on_the_project_form(world, login) -> None:
    project = make_project(world, world.xianggong)
    client = login(world.township_reporter)
    form = client.get(reverse("projects:edit", args=[project.pk])).context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None}
    data.update({"latitude": "35.1", "longitude": "118.36", "is_key": ""})
    response = client.post(reverse("projects:edit", args=[project.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    project.refresh_from_db()
    assert (project.latitude, project.longitude) == SITE
