"""Rate limits kept in the cache, which settings make shared by every process on the server.

- ``FailureLimit``: wrong guesses at public look-ups (tracking codes, verification codes) and
  failed logins: after too many failures from one IP address within a window, the look-up answers
  429 until the window passes.
- ``RequestLimit``: at most so many requests per caller (an API token, a person, an IP address) in
  each fixed window of time; the API answers 429 with ``Retry-After`` beyond it
  (``zhaoshang.api.ratelimit``).
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

from zhaoshang.core.clientip import client_address


def client_ip(request: HttpRequest) -> str:
    """The client's address (behind a trusted proxy, from X-Forwarded-For: core/clientip.py)."""
    return client_address(request) or "unknown"


def _bump(key: str, window: int) -> int:
    """Add one to the counter ``key`` (created to live ``window`` seconds); the new count."""
    if cache.add(key, 1, window):
        return 1
    try:
        return int(cache.incr(key))
    except ValueError:  # expired between add and incr
        cache.set(key, 1, window)
        return 1


@dataclass(frozen=True)
class FailureLimit:
    scope: str  # e.g. "casework.track"
    max_setting: str  # the ZHAOSHANG key with the number of failures allowed …
    window_setting: str  # … and the one with the window in seconds
    default_max: int = 10
    default_window: int = 15 * 60

    @property
    def max_failures(self) -> int:
        return int(settings.ZHAOSHANG.get(self.max_setting, self.default_max))

    @property
    def window(self) -> int:
        return int(settings.ZHAOSHANG.get(self.window_setting, self.default_window))

    @property
    def minutes(self) -> int:
        return max(1, self.window // 60)

    def _key(self, request: HttpRequest) -> str:
        return f"ratelimit:{self.scope}:{client_ip(request)}"

    def blocked(self, request: HttpRequest) -> bool:
        return int(cache.get(self._key(request), 0)) >= self.max_failures

    def failed(self, request: HttpRequest) -> None:
        _bump(self._key(request), self.window)


@dataclass(frozen=True)
class RequestLimit:
    """At most ``max_requests`` per caller in each fixed window of ``window`` seconds (windows
    start at multiples of ``window`` since the epoch, so every process agrees on them). A maximum
    of 0 switches the limit off."""

    scope: str  # e.g. "api.token"
    max_setting: str
    window_setting: str
    default_max: int
    default_window: int = 60

    @property
    def max_requests(self) -> int:
        return int(settings.ZHAOSHANG.get(self.max_setting, self.default_max))

    @property
    def window(self) -> int:
        return max(1, int(settings.ZHAOSHANG.get(self.window_setting, self.default_window)))

    def hit(self, who: str) -> int | None:
        """Count one request by ``who``: None while within the limit, else the seconds until the
        window ends (for ``Retry-After``)."""
        limit = self.max_requests
        if limit <= 0:
            return None
        window = self.window
        now = time.time()
        slot = int(now // window)
        if _bump(f"ratelimit:{self.scope}:{who}:{slot}", window) <= limit:
            return None
        return max(1, math.ceil((slot + 1) * window - now))
