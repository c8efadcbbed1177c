import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.urls import reverse


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


class TwoFactorMiddleware:
    """A session that has passed the password but still owes the code (its role requires two-step
    sign-in, or the person set it up) reaches only the code page, sign-out and public pages."""

    STEP_VIEWS = {"two_factor", "logout"}

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func: Callable[..., Any], *args: Any) -> HttpResponse | None:
        from caseflow import two_factor

        if not request.user.is_authenticated or not getattr(view_func, "login_required", True):
            return None
        match = request.resolver_match
        if match is not None and not match.namespace and match.url_name in self.STEP_VIEWS:
            return None
        if two_factor.is_needed(request):
            return redirect_to_login(request.get_full_path(), login_url=reverse("two_factor"))
        return None


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
