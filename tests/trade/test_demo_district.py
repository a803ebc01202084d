"""The real demo district (loaded by `zhaoshang demo`) with the trade demo: its first-quarter
bulletin says exactly the speech's trade figures."""

from __future__ import annotations

import io
import random
from collections.abc import Iterator

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from zhaoshang.bulletins.compute import compute
from zhaoshang.bulletins.document import build_document
from zhaoshang.bulletins.queries import gather
from zhaoshang.core.periods import Period
from zhaoshang.demo import names
from zhaoshang.org.models import Role, Unit, User
from zhaoshang.trade import demo as trade_demo
from zhaoshang.trade.models import TradeFigure

SPEECH = "全区完成进出口总额3770万美元,其中出口3502万美元;新增有进出口实绩企业12家,新设立外商投资企业2家。"


@pytest.fixture(scope="module")
def district(django_db_setup: None, django_db_blocker) -> Iterator[Unit]:
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]),
        transaction.atomic(),
    ):
        call_command("demo", stdout=io.StringIO())
        district = Unit.objects.get(code=names.DISTRICT[0])
        if not TradeFigure.objects.exists():  # until the demo loader calls trade.demo.seed
            trade_demo.seed(
                district=district,
                bureau=User.objects.filter(role=Role.BUREAU, unit__parent=district).first(),
                year=timezone.localdate().year,
                today=timezone.localdate(),
                rng=random.Random(11),
            )
        yield district
        transaction.set_rollback(True)


def test_the_demo_districts_first_quarter_bulletin_has_the_speechs_trade_figures(district, db):
    year = TradeFigure.objects.order_by("-year").values_list("year", flat=True).first()
    document = build_document(compute(gather(district, Period(year, 3))))
    trade = document["totals"]["trade"]
    assert (trade["total_wan_usd"], trade["exports_wan_usd"]) == ("3770.00", "3502.00")
    assert trade["new_traders"]["count"] == 12 and trade["new_fies"]["count"] == 2
    assert document["narrative"][0].endswith("。" + SPEECH)
    assert sum(u["rank"] == 1 for u in trade["units"]) >= 1
