from django.contrib import admin

from caseflow.admin import AdministratorsOnly, ReadOnlyHistoryAdmin
from pathways.models import TransferChecklistItem


@admin.register(TransferChecklistItem)
class TransferChecklistItemAdmin(AdministratorsOnly, ReadOnlyHistoryAdmin):
    """Administrators edit the transfer checklist; an item no longer used is set 'not in use', not deleted."""

    list_display = ["text", "position", "is_active"]
    list_editable = ["position", "is_active"]
    list_filter = ["is_active"]
