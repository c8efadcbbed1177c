import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse


class NoStoreForAuthenticatedMiddleware:
    """Pages about children must not linger in a shared computer's browser cache."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.user.is_authenticated and "Cache-Control" not in response:
            response["Cache-Control"] = "no-store"
        return response


class SessionTimeoutMiddleware:
    """Ends a session 10 hours (configurable) after sign-in however active it has been; the idle
    timeout is the session cookie's age, renewed by each request."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            signed_in_at = request.session.get("signed_in_at")
            limit = settings.CASEFLOW_SESSION_ABSOLUTE_SECONDS
            if signed_in_at is None or time.time() - float(signed_in_at) > limit:
                logout(request)
                return redirect_to_login(request.get_full_path())
        return self.get_response(request)


class RefusedAccessLogMiddleware:
    """Logs every refusal (403) and not-found (404) a signed-in user meets: who, where, what."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code in (403, 404) and request.user.is_authenticated:
            from caseflow.security_log import security_event

            security_event(
                "refused" if response.status_code == 403 else "not_found",
                request=request,
                who=request.user.get_username(),
                path=request.path,
                method=request.method,
            )
        return response
