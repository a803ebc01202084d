"""One scene per module (building it takes seconds) inside a transaction rolled back at the end;
each request runs in a savepoint rolled back after it, so a write cannot change what the next
request sees."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from django.db import transaction
from django.test import Client
from django.test.utils import override_settings

from tests.security.matrix import PERSONAS
from tests.security.scene import Scene, build_scene_capturing

FAST_HASHER = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _media_root() -> None:
    """Replaces the suite's per-test MEDIA_ROOT: the module's scene keeps its files in one folder
    for the whole module (set by ``module_scene``)."""


@pytest.fixture(scope="module")
def module_media(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    root = tmp_path_factory.mktemp("security-media")
    with override_settings(MEDIA_ROOT=root, PASSWORD_HASHERS=FAST_HASHER):
        yield root


@pytest.fixture(scope="module")
def module_scene(django_db_setup: None, django_db_blocker, module_media: Path) -> Iterator[Scene]:
    with django_db_blocker.unblock(), transaction.atomic():
        scene = build_scene_capturing()
        yield scene
        transaction.set_rollback(True)


@pytest.fixture(scope="module")
def clients(module_scene: Scene, django_db_blocker) -> dict[str, Client]:
    """A logged-in client per persona, and one for the anonymous visitor."""
    made: dict[str, Client] = {}
    with django_db_blocker.unblock():
        for name in PERSONAS:
            client = Client()
            if name != "anonymous":
                client.force_login(getattr(module_scene.world, name))
            made[name] = client
    return made


@pytest.fixture
def unblocked(django_db_blocker) -> Iterator[None]:
    with django_db_blocker.unblock():
        yield


class Rollback(Exception):
    pass


def in_savepoint(call):  # type: ignore[no-untyped-def]
    """Run ``call()`` in a savepoint that is rolled back; return what it returned."""
    box = []
    try:
        with transaction.atomic():
            box.append(call())
            raise Rollback
    except Rollback:
        pass
    return box[0]
