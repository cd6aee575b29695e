"""Back office: program officers keep the document types."""

from django.contrib import admin

from grants.documents.models import DocumentType
from grants.kernel.admin import LabelledListEditable


@admin.register(DocumentType)
class DocumentTypeAdmin(LabelledListEditable, admin.ModelAdmin):
    list_display = ["code", "name_en", "name_fr", "used_for", "max_files", "position"]
    list_editable = ["position"]
    list_filter = ["used_for"]
