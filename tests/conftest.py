from __future__ import annotations

import pytest
from django.test import Client

from tests.world import PASSWORD, World, build_world

pytest_plugins = ["tests.browser_support"]


@pytest.fixture
def world(db: None) -> World:
    return build_world()


@pytest.fixture
def login(client: Client):
    """``login(user)`` → a test client logged in as that persona."""

    def _login(user) -> Client:
        c = Client()
        assert c.login(username=user.username, password=PASSWORD)
        return c

    return _login


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings) -> None:
    """The default hasher is slow on purpose; tests log in hundreds of times."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _no_lockout_by_default(settings) -> None:
    """django-axes needs the request in authenticate(), which the test client's login() does not
    pass; tests of lockout turn it back on (tests/audit/test_identity.py)."""
    settings.AXES_ENABLED = False


@pytest.fixture(autouse=True)
def _fresh_cache(settings) -> None:
    """Each test starts with an empty cache of its own (rate-limit counters live there)."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _chinese_by_default():
    """A request in English leaves English active in the thread; every test starts in Chinese."""
    from django.utils import translation

    with translation.override("zh-hans"):
        yield
