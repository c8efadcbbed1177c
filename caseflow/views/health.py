from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache

from caseflow import health


@login_not_required
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    checks = {"database": health.database_status(), "broker": health.broker_status(), "beat": health.beat_status()}
    # Beat being late is reported but does not fail the probe: web can serve without it.
    healthy = checks["database"]["ok"] and checks["broker"]["ok"]
    return JsonResponse({"status": "ok" if healthy else "failing", **checks}, status=200 if healthy else 503)
