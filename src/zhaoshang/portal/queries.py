"""Reads for the public library pages."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from zhaoshang.bulletins.models import PublishedBulletin
from zhaoshang.portal.models import Document

LISTED_FIELDS = (
    "public_id",
    "title",
    "issuer",
    "doc_number",
    "issued_on",
    "kind",
    "period",
    "size",
    "page_count",
    "content_type",
    "created_at",
)


def public_documents(search: str = "") -> QuerySet[Document]:
    """Public documents, newest first, filtered by title, number, period or issuer."""
    qs = Document.objects.public().only(*LISTED_FIELDS).order_by("-issued_on", "-pk")
    for word in search.split():
        qs = qs.filter(
            Q(title__icontains=word)
            | Q(doc_number__icontains=word)
            | Q(period__icontains=word)
            | Q(issuer__icontains=word)
        )
    return qs


def document_page(public_id: str) -> Document | None:
    """A document by its public id, public or withdrawn (the page explains a withdrawal)."""
    return Document.objects.filter(public_id=public_id).first()


def corrections_of(document: Document) -> list[Document]:
    """The public documents of later bulletins that carry a 更正 of this bulletin's figures."""
    kind, _, key = document.source.partition(":")
    if kind != "bulletin" or not key.isdigit():
        return []
    later = PublishedBulletin.objects.filter(corrects__pk=int(key)).values_list("pk", flat=True)
    sources = [f"bulletin:{pk}" for pk in later]
    return list(Document.objects.public().filter(source__in=sources).order_by("issued_on", "pk"))
