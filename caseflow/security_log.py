"""Security events as structured log lines: who, when (UTC), where (address), what.

Sign-in success and failure, lockouts, refused access and export downloads are logged here.
"""

import json
import logging
from datetime import UTC, datetime
from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest

log = logging.getLogger("caseflow.security")


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        event = getattr(record, "event", {})
        return json.dumps(
            {"at": datetime.fromtimestamp(record.created, tz=UTC).isoformat(), "event": record.getMessage(), **event},
            ensure_ascii=False,
        )


def _address(request: HttpRequest | None) -> str | None:
    return request.META.get("REMOTE_ADDR") if request is not None else None


def security_event(what: str, *, request: HttpRequest | None, who: str | None, **details: Any) -> None:
    log.info(what, extra={"event": {"who": who, "where": _address(request), **details}})


@receiver(user_logged_in, dispatch_uid="security_signed_in")
def _signed_in(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    security_event("sign_in", request=request, who=user.get_username())
    from django.utils import timezone

    request.session["signed_in_at"] = timezone.now().timestamp()


@receiver(user_logged_out, dispatch_uid="security_signed_out")
def _signed_out(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    security_event("sign_out", request=request, who=user.get_username() if user else None)


@receiver(user_login_failed, dispatch_uid="security_sign_in_failed")
def _sign_in_failed(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    security_event("sign_in_failed", request=request, who=credentials.get("username"))


def _locked_out(sender: Any, request: HttpRequest, username: str | None = None, **kwargs: Any) -> None:
    security_event("locked_out", request=request, who=username)


def connect_lockout_signal() -> None:
    from axes.signals import user_locked_out

    user_locked_out.connect(_locked_out, dispatch_uid="security_locked_out")
