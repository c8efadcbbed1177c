"""The second step of signing in: set up an authenticator app, or enter the code it shows."""

import segno
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods

from caseflow import two_factor as service
from caseflow.forms import TwoFactorCodeForm
from caseflow.models import User


def _safe_next(request: HttpRequest, wanted: str) -> str:
    hosts = {request.get_host()}
    return wanted if wanted and url_has_allowed_host_and_scheme(wanted, hosts, request.is_secure()) else ""


@require_http_methods(["GET", "POST"])
def two_factor(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    device = service.device_for(user)
    verified = request.user.is_verified()  # type: ignore[union-attr]
    posted = request.POST if request.method == "POST" else None
    form = TwoFactorCodeForm(posted, initial={"next": request.GET.get("next", "")})
    if device is not None and verified:  # done already: nothing to enter
        return render(request, "registration/two_factor.html", {"done": True})
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["code"]
        try:
            if device is None:
                service.device_confirm(request=request, user=user, code=code)
            else:
                service.code_check(request=request, user=user, code=code)
        except service.CodeRefused as refused:
            form.add_error("code", str(refused))
        else:
            return redirect(_safe_next(request, form.cleaned_data["next"]) or "home")
    context = {"form": form, "setting_up": device is None}
    if device is None:
        details = service.setup_details(user=user, key=service.setup_key(request))
        context |= {"key": details["key"], "qr_code": segno.make(details["url"], error="m").svg_data_uri(scale=5)}
    return render(request, "registration/two_factor.html", context)
