from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django_otp.plugins.otp_totp.models import TOTPDevice
from simple_history.admin import SimpleHistoryAdmin

from caseflow.models import ChildAccessLog, DeadlinePeriod, RoleSetting, ServiceArea, Team, User


class AdministratorsOnly(admin.ModelAdmin):
    """The administrator role manages these; Django's per-model permissions are not used.

    Nothing is deleted here: a user who leaves is made inactive, so their records keep their name.
    """

    def has_module_permission(self, request: HttpRequest) -> bool:
        return bool(getattr(request.user, "is_administrator", False))

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.has_module_permission(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return self.has_module_permission(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.has_module_permission(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ReadOnlyHistoryAdmin(SimpleHistoryAdmin):
    """History is shown, never rolled back: simple-history's form view reverts on POST even when
    SIMPLE_HISTORY_REVERT_DISABLED hides the button, so POST is refused here."""

    def history_form_view(
        self, request: HttpRequest, object_id: str, version_id: str, extra_context: Any = None
    ) -> Any:
        if request.method == "POST":
            raise PermissionDenied("History cannot be reverted")
        return super().history_form_view(request, object_id, version_id, extra_context)


@admin.register(User)
class UserAdmin(AdministratorsOnly, DjangoUserAdmin, ReadOnlyHistoryAdmin):
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
class TeamAdmin(AdministratorsOnly, ReadOnlyHistoryAdmin):
    list_display = ["name", "service_area"]
    list_filter = ["service_area"]


@admin.register(ServiceArea)
class ServiceAreaAdmin(AdministratorsOnly, ReadOnlyHistoryAdmin):
    list_display = ["name"]


@admin.register(RoleSetting)
class RoleSettingAdmin(AdministratorsOnly, ReadOnlyHistoryAdmin):
    """Which roles must sign in in two steps (password, then a code from an authenticator app)."""

    list_display = ["role", "requires_two_factor"]
    list_editable = ["requires_two_factor"]
    list_display_links = ["role"]


if admin.site.is_registered(TOTPDevice):
    admin.site.unregister(TOTPDevice)  # django-otp's own page can show and edit the secret keys


@admin.register(TOTPDevice)
class AuthenticatorAppAdmin(AdministratorsOnly):
    """Who has set up an authenticator app. An administrator can only remove one (someone lost
    their phone): its owner sets up a new one at their next sign-in. No key is ever shown."""

    list_display = ["user", "confirmed", "created_at", "last_used_at"]
    list_filter = ["confirmed"]
    search_fields = ["user__username", "user__last_name"]
    fields = readonly_fields = ("user", "confirmed", "created_at", "last_used_at", "throttling_failure_count")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.has_module_permission(request)


@admin.register(ChildAccessLog)
class ChildAccessLogAdmin(AdministratorsOnly):
    """Administrators read the access log; nobody adds to it, changes it or deletes from it here."""

    list_display = ["opened_at", "user", "child_id", "ip_address", "path"]
    list_filter = ["opened_at"]
    search_fields = ["user__username", "child__local_reference"]
    list_select_related = ["user"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(DeadlinePeriod)
class DeadlinePeriodAdmin(AdministratorsOnly, ReadOnlyHistoryAdmin):
    """Every deadline period, as configuration: a change applies to clocks that start after it."""

    list_display = ["label", "amount", "unit", "before", "clock"]
    list_editable = ["amount", "unit"]
    readonly_fields = ["kind", "clock"]
    fields = ["kind", "label", "amount", "unit", "before", "clock"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # the rules declare the kinds; here only their periods change
