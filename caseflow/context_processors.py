from typing import Any

from django.conf import settings
from django.http import HttpRequest

from caseflow.constants import RECORDING_ROLES


def service(request: HttpRequest) -> dict[str, Any]:
    context: dict[str, Any] = {"service_name": "CaseFlow", "demo_password": settings.CASEFLOW_DEMO_PASSWORD}
    if request.user.is_authenticated:
        from caseflow.notifications import unread_count

        context["unread_notifications"] = unread_count(user=request.user)
        context["records_casework"] = request.user.role in RECORDING_ROLES
    return context
