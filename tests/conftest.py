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
