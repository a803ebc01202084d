"""Shared shapes. Amounts travel as strings of Decimal yuan, never as floats."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Model, QuerySet
from django.http import Http404
from ninja import Schema


class ErrorItem(Schema):
    field: str | None
    message: str


class Errors(Schema):
    """422: every problem, with the field it concerns and a message in Chinese."""

    detail: list[ErrorItem]


class Message(Schema):
    detail: str


# Responses every write endpoint may give besides success.
WRITE_ERRORS = {401: Message, 403: Message, 404: Message, 422: Errors}
READ_ERRORS = {401: Message, 404: Message, 422: Errors}


def yuan(value: Decimal | None) -> str | None:
    """Decimal yuan as text with two decimals: Decimal("25200000") → "25200000.00"."""
    if value is None:
        return None
    return format(Decimal(value).quantize(Decimal("0.01")), "f")


def get_visible[M: Model](queryset: QuerySet[M], pk: int) -> M:
    """The row if it is in the caller's scope; otherwise 404, whether or not it exists."""
    row = queryset.filter(pk=pk).first()
    if row is None:
        raise Http404
    return row


class UnitRef(Schema):
    id: int
    code: str
    name: str
