"""The app's URLs, plus the benchmark's ceiling: the smallest page the same stack can serve."""

from django.http import HttpRequest, HttpResponse
from django.urls import include, path

from caseflow.views import errors


def minimal(request: HttpRequest) -> HttpResponse:
    """Signed in, through every middleware, no query of its own: what any page costs at least."""
    return HttpResponse(f"ok {request.user.pk}", content_type="text/plain")


urlpatterns = [
    path("bench/minimal/", minimal, name="bench_minimal"),
    path("", include("caseflow.urls")),
]

handler500 = errors.server_error
