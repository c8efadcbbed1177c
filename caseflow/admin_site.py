from django.contrib import admin
from django.http import HttpRequest


class CaseflowAdminSite(admin.AdminSite):
    site_header = "CaseFlow administration"
    site_title = "CaseFlow administration"
    index_title = "Users, teams and configuration"

    def has_permission(self, request: HttpRequest) -> bool:
        # Only the administrator role reaches the admin: being staff is not enough.
        return bool(getattr(request.user, "is_administrator", False))
