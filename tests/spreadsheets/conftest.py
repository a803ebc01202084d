from tests.reporting.conftest import Scene, _fast_passwords, scene  # noqa: F401
