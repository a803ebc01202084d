"""How errors look in JSON: {"detail": [{"field": ..., "message": "中文"}]} for 422, {"detail": "中文"}
for 401/403/404."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError
from ninja.errors import ValidationError as SchemaError

UNAUTHORIZED = "请先登录,或在 Authorization 头中提供有效的访问令牌(Bearer)"
NOT_FOUND = "未找到,或不在您的数据范围内"


def validation_details(exc: ValidationError) -> list[dict[str, Any]]:
    if hasattr(exc, "error_dict"):
        return [
            {"field": field, "message": message}
            for field, messages in exc.message_dict.items()
            for message in messages
        ]
    return [{"field": None, "message": message} for message in exc.messages]


def schema_details(exc: SchemaError) -> list[dict[str, Any]]:
    details = []
    for error in exc.errors:
        loc = [str(part) for part in error.get("loc", ()) if part not in ("body", "query", "path")]
        field = ".".join(part for part in loc if part != "payload") or None
        details.append({"field": field, "message": f"{field or '请求'}:格式不正确或缺少该字段"})
    return details


def install(api: NinjaAPI) -> None:
    @api.exception_handler(ValidationError)
    def on_validation(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        return api.create_response(request, {"detail": validation_details(exc)}, status=422)

    @api.exception_handler(SchemaError)
    def on_schema(request: HttpRequest, exc: SchemaError) -> HttpResponse:
        return api.create_response(request, {"detail": schema_details(exc)}, status=422)

    @api.exception_handler(PermissionDenied)
    def on_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
        message = str(exc) or "您没有执行此操作的权限"
        return api.create_response(request, {"detail": message}, status=403)

    @api.exception_handler(Http404)
    def on_missing(request: HttpRequest, exc: Http404) -> HttpResponse:
        return api.create_response(request, {"detail": NOT_FOUND}, status=404)

    @api.exception_handler(AuthenticationError)
    def on_unauthorized(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        return api.create_response(request, {"detail": UNAUTHORIZED}, status=401)
