from typing import Any

from django.conf import settings
from django.http import HttpRequest


def service(request: HttpRequest) -> dict[str, Any]:
    context: dict[str, Any] = {"service_name": "CaseFlow", "demo_password": settings.CASEFLOW_DEMO_PASSWORD}
    if request.user.is_authenticated:
        from caseflow.notifications import unread_count

        context["unread_notifications"] = unread_count(user=request.user)
    return context
