"""Request rate limits on /api/v1: per token (bearer calls), per person (calls with the browser
session) and per IP address for calls that authenticate as nobody (no or a wrong token), counted in
the authentication step (``zhaoshang.api.auth``) so that guessing tokens is limited too. Beyond the
limit the API answers 429 with ``Retry-After`` and ``{"detail": "中文"}``.

Limits (``settings.ZHAOSHANG``): ``API_MAX_REQUESTS`` per token or person and
``API_ANONYMOUS_MAX_REQUESTS`` per IP address, in each window of ``API_RATE_WINDOW_SECONDS``;
0 switches a limit off."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import HttpError

from zhaoshang.core.ratelimit import RequestLimit, client_ip

PER_CALLER = RequestLimit("api.caller", "API_MAX_REQUESTS", "API_RATE_WINDOW_SECONDS", 600)
ANONYMOUS = RequestLimit(
    "api.anonymous", "API_ANONYMOUS_MAX_REQUESTS", "API_RATE_WINDOW_SECONDS", 120
)


class RateLimited(HttpError):
    def __init__(self, wait: int, message: str) -> None:
        self.wait = wait
        super().__init__(status_code=429, message=message)


def _check(limit: RequestLimit, who: str, whose: str) -> None:
    wait = limit.hit(who)
    if wait is not None:
        message = _(
            "接口请求过于频繁:%(whose)s每 %(window)d 秒最多 %(max)d 次,请 %(wait)d 秒后再试。"
        ) % {"whose": whose, "window": limit.window, "max": limit.max_requests, "wait": wait}
        raise RateLimited(wait, message)


def count_token(token_id: int) -> None:
    _check(PER_CALLER, f"token:{token_id}", _("每个访问令牌"))


def count_person(user_id: int) -> None:
    _check(PER_CALLER, f"user:{user_id}", _("每位用户"))


def count_anonymous(request: HttpRequest) -> None:
    _check(ANONYMOUS, f"ip:{client_ip(request)}", _("未登录时每个 IP 地址"))


def install(api: NinjaAPI) -> None:
    """The 429 answer with ``Retry-After`` (without it ninja's default still answers 429 with the
    message, but no header)."""

    @api.exception_handler(RateLimited)
    def on_rate_limited(request: HttpRequest, exc: RateLimited) -> HttpResponse:
        response = api.create_response(request, {"detail": exc.message}, status=429)
        response["Retry-After"] = str(exc.wait)
        return response
