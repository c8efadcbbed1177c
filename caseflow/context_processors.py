from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest

from caseflow.constants import RECORDING_ROLES

# Extra navigation flags other apps add: name -> who sees the link.
NAVIGATION: dict[str, Callable[[Any], bool]] = {}


def service(request: HttpRequest) -> dict[str, Any]:
    context: dict[str, Any] = {"service_name": "CaseFlow", "demo_password": settings.CASEFLOW_DEMO_PASSWORD}
    if request.user.is_authenticated:
        from caseflow.notifications import unread_count

        context["unread_notifications"] = unread_count(user=request.user)
        context["records_casework"] = request.user.role in RECORDING_ROLES
        # The reports app registers who opens the dashboard and the POB report.
        for name, check in NAVIGATION.items():
            context[name] = check(request.user)
    return context
