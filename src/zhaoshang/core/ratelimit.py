"""Limits on wrong guesses at public look-ups (tracking codes, verification codes): after too many
failures from one IP address within a window, the look-up answers 429 until the window passes.
Counts live in the cache, which settings make shared by every process on the server."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest


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
        return f"ratelimit:{self.scope}:{request.META.get('REMOTE_ADDR', '') or 'unknown'}"

    def blocked(self, request: HttpRequest) -> bool:
        return int(cache.get(self._key(request), 0)) >= self.max_failures

    def failed(self, request: HttpRequest) -> None:
        key = self._key(request)
        if cache.add(key, 1, self.window):
            return
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, self.window)
