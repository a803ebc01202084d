"""Random text in every field of the public forms (service request, tracking, rating, inspection
verification, rating and reporting): never a server error, and nothing written unless the answer
is the success redirect."""

from __future__ import annotations

from typing import Any

import pytest
from django.apps import apps
from django.core.cache import cache
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.world import World

FORMS = {
    "/portal/service/": [
        "enterprise_name",
        "uscc",
        "contact",
        "phone",
        "category",
        "title",
        "description",
        "unit",
        "commitment",
    ],
    "/portal/service/track/": ["code", "phone"],
    "/portal/service/track/rate/": ["code", "phone", "satisfied", "comment"],
    "/portal/inspections/": ["code"],
    "/portal/inspections/rate/": ["code", "score", "comment"],
    "/portal/inspections/report/": [
        "enterprise_name",
        "uscc",
        "department",
        "happened_on",
        "description",
        "contact",
    ],
}
WATCHED = [
    "casework.Case",
    "casework.CaseAttachment",
    "inspections.Rating",
    "inspections.UnfiledReport",
    "audit.AuditRecord",
]

text = st.one_of(
    st.text(max_size=300),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=40),
    st.sampled_from(
        [
            "",
            "0",
            "-1",
            "9" * 40,
            "' OR 1=1 --",
            "<script>alert(1)</script>",
            "{{ 7*7 }}",
            "../../etc/passwd",
            "\u202e",
            "2026-02-30",
            "null",
        ]
    ),
).map(lambda s: s.replace("\x00", "\ufffd"))  # the test client cannot send NUL in form data
fields = st.fixed_dictionaries({})

FAST = settings(
    max_examples=25, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True
)


def counts() -> dict[str, int]:
    return {name: apps.get_model(name).objects.count() for name in WATCHED}


@pytest.mark.parametrize("url", sorted(FORMS))
def test_random_input_to_a_public_form_never_breaks_it_nor_half_writes(
    url: str, world: World
) -> None:
    client = Client()

    @FAST
    @given(
        data=st.fixed_dictionaries({name: text for name in FORMS[url]}),
        upload=st.binary(max_size=2048),
    )
    def attack(data: dict[str, Any], upload: bytes) -> None:
        cache.clear()  # the look-up rate limit would otherwise answer everything with 429
        before = counts()
        payload: dict[str, Any] = dict(data)
        if url == "/portal/service/":
            from django.core.files.uploadedfile import SimpleUploadedFile

            payload["attachments"] = SimpleUploadedFile("x.pdf", upload)
        response = client.post(url, payload)
        assert response.status_code < 500, (url, data, response.status_code)
        after = counts()
        if response.status_code != 302:
            changed = {
                k: (before[k], after[k])
                for k in WATCHED
                if k != "audit.AuditRecord" and before[k] != after[k]
            }
            assert not changed, (url, data, changed)

    attack()
