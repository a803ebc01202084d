from __future__ import annotations

from django.contrib.syndication.views import Feed
from django.urls import reverse, reverse_lazy
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from zhaoshang.portal.models import Document
from zhaoshang.portal.queries import public_documents


class LatestDocumentsFeed(Feed):
    feed_type = Atom1Feed
    title = _("招商引资公开文档")
    subtitle = _("通报、讲话、政策与服务承诺")
    link = reverse_lazy("portal:list")

    def items(self):
        return public_documents()[:30]

    def item_title(self, item: Document) -> str:
        return item.title

    def item_description(self, item: Document) -> str:
        parts = [item.issuer, item.doc_number, item.issued_on.isoformat()]
        return " · ".join(p for p in parts if p)

    def item_link(self, item: Document) -> str:
        return reverse("portal:detail", args=[item.public_id])

    def item_guid(self, item: Document) -> str:
        return item.public_id

    def item_pubdate(self, item: Document):
        return item.created_at
