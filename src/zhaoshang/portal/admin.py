from django.contrib import admin

from zhaoshang.portal.models import Document


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = ("public_id", "title", "issuer", "doc_number", "issued_on", "kind", "is_public")
    search_fields = ("public_id", "title", "doc_number", "issuer")
    list_filter = ("kind", "is_public")
    readonly_fields = [f.name for f in Document._meta.fields]

    def has_add_permission(self, request) -> bool:  # uploads go through register_document
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
