from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from caseflow.models import ChildAccessLog, ServiceArea, Team, User


@admin.register(User)
class UserAdmin(DjangoUserAdmin, SimpleHistoryAdmin):
    list_display = ["username", "first_name", "last_name", "role", "is_active"]
    list_filter = ["role", "is_active", "teams"]
    filter_horizontal = ["teams", "service_areas", "groups", "user_permissions"]
    fieldsets = (
        *(DjangoUserAdmin.fieldsets or ()),
        ("Role and access", {"fields": ("role", "teams", "service_areas", "sees_all_areas")}),
    )
    add_fieldsets = (
        *DjangoUserAdmin.add_fieldsets,
        ("Role and access", {"fields": ("first_name", "last_name", "email", "role", "teams")}),
    )


@admin.register(Team)
class TeamAdmin(SimpleHistoryAdmin):
    list_display = ["name", "service_area"]
    list_filter = ["service_area"]


@admin.register(ServiceArea)
class ServiceAreaAdmin(SimpleHistoryAdmin):
    list_display = ["name"]


@admin.register(ChildAccessLog)
class ChildAccessLogAdmin(admin.ModelAdmin):
    """Administrators read the access log; nobody adds to it, changes it or deletes from it here."""

    list_display = ["opened_at", "user", "child_id", "ip_address", "path"]
    list_filter = ["opened_at"]
    search_fields = ["user__username", "child__local_reference"]
    list_select_related = ["user"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
