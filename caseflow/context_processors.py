from typing import Any

from django.conf import settings
from django.http import HttpRequest


def service(request: HttpRequest) -> dict[str, Any]:
    return {"service_name": "CaseFlow", "demo_password": settings.CASEFLOW_DEMO_PASSWORD}
