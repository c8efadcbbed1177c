"""Two-step sign-in: after their password, people in a role that requires it (RoleSetting), and
anyone who has set up an authenticator app, enter the 6-digit code it shows (TOTP, django-otp).

Whether a session needs the second step is decided once, when the password is accepted, and kept
in the session: pages cost no extra query, and a change an administrator makes applies from each
person's next sign-in.
"""

from base64 import b32encode
from datetime import datetime
from typing import Any

import django_otp
from django.contrib.auth.signals import user_logged_in
from django.db import transaction
from django.dispatch import receiver
from django.http import HttpRequest
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice, default_key

from caseflow.models import RoleSetting, User
from caseflow.security_log import security_event

NEEDED = "caseflow_two_factor_needed"  # session: the second step is still to do
SETUP_KEY = "caseflow_two_factor_key"  # session: the secret shown while setting up, until confirmed
DEVICE_NAME = "Authenticator app"


def role_requires(user: User) -> bool:
    return RoleSetting.objects.filter(role=user.role, requires_two_factor=True).exists()


def device_for(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).first()


def is_needed(request: HttpRequest) -> bool:
    """The session has passed the password but not yet the code."""
    return bool(request.session.get(NEEDED)) and not request.user.is_verified()  # type: ignore[union-attr]


@receiver(user_logged_in, dispatch_uid="caseflow_two_factor_needed")
def _decide_at_sign_in(sender: Any, request: HttpRequest, user: User, **kwargs: Any) -> None:
    if getattr(request, "session", None) is not None:
        request.session[NEEDED] = role_requires(user) or device_for(user) is not None


def setup_key(request: HttpRequest) -> str:
    """The secret for the app being set up, the same on every visit until it is confirmed."""
    key = request.session.get(SETUP_KEY)
    if not key:
        key = request.session[SETUP_KEY] = default_key()
    return str(key)


def setup_details(*, user: User, key: str) -> dict[str, str]:
    """What the set-up page shows: the otpauth:// address (as a QR code) and the key to type."""
    device = TOTPDevice(user=user, key=key, name=DEVICE_NAME)  # not saved until a code proves it
    secret = b32encode(device.bin_key).decode()
    return {"url": device.config_url, "key": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))}


class CodeRefused(Exception):
    """The code was wrong, or came too soon after wrong ones; the message says which, in words."""


def _refused(device: TOTPDevice) -> str | None:
    allowed, details = device.verify_is_allowed()
    if allowed:
        return None
    until: datetime | None = (details or {}).get("locked_until")
    when = f" after {timezone.localtime(until):%H:%M:%S}" if until else " in a minute"
    return f"Too many wrong codes: try again{when}"


def device_confirm(*, request: HttpRequest, user: User, code: str) -> TOTPDevice:
    """Set up the authenticator app whose key the set-up page showed, once it gives a right code;
    this session then counts as having passed the second step."""
    key = setup_key(request)
    with transaction.atomic():
        device, _ = TOTPDevice.objects.select_for_update().get_or_create(
            user=user, confirmed=False, defaults={"key": key, "name": DEVICE_NAME}
        )
        if device.key != key:  # a new set-up page was shown since: the app holds the newer key
            device.key = key
            device.save(update_fields=["key"])
        refused = _refused(device)
        right = refused is None and device.verify_token(code)  # a wrong code's slow-down is kept
        if right:
            device.confirmed = True
            device.save(update_fields=["confirmed"])
    if refused:
        raise CodeRefused(refused)
    if not right:
        security_event("two_factor_failed", request=request, who=user.get_username(), step="set_up")
        raise CodeRefused("That code is not right: enter the 6 digits your authenticator app shows now")
    del request.session[SETUP_KEY]
    _passed(request, device, event="two_factor_set_up")
    return device


def code_check(*, request: HttpRequest, user: User, code: str) -> TOTPDevice:
    """The second step for someone whose app is set up. Wrong codes slow further tries
    (1, 2, 4, 8 … seconds) and each is logged; a code is accepted once only."""
    device = device_for(user)
    if device is None:
        raise CodeRefused("Your authenticator app is not set up yet: set it up first")
    if refused := _refused(device):
        raise CodeRefused(refused)
    verified = django_otp.verify_token(user, device.persistent_id, code)
    if verified is None:
        security_event("two_factor_failed", request=request, who=user.get_username(), step="sign_in")
        raise CodeRefused("That code is not right: enter the 6 digits your authenticator app shows now")
    _passed(request, verified, event="two_factor_passed")
    return verified


def _passed(request: HttpRequest, device: TOTPDevice, *, event: str) -> None:
    request.session.cycle_key()  # a new session key for the fully signed-in session
    django_otp.login(request, device)
    request.session[NEEDED] = False
    security_event(event, request=request, who=request.user.get_username())
