"""Checks behind /healthz: the database, the broker, and when beat last ran."""

from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import connection
from django.utils import timezone

from caseflow.models import BeatHeartbeat

HEARTBEAT_NAME = "beat"


def database_status() -> dict[str, Any]:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return {"ok": True, "vendor": connection.vendor}
    except Exception as error:  # any failure means 'not healthy', reported in words
        return {"ok": False, "vendor": connection.vendor, "error": str(error)[:200]}


def broker_status() -> dict[str, Any]:
    url = settings.CELERY_BROKER_URL
    if not url.startswith(("redis://", "rediss://")):
        return {"ok": True, "configured": False, "detail": "tasks run in-process (no broker)"}
    import redis

    try:
        client = redis.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=2)
        client.ping()
        return {"ok": True, "configured": True}
    except redis.RedisError as error:
        return {"ok": False, "configured": True, "error": str(error)[:200]}


def beat_heartbeat_record(*, now: datetime | None = None) -> BeatHeartbeat:
    beat, _ = BeatHeartbeat.objects.update_or_create(
        name=HEARTBEAT_NAME, defaults={"last_beat_at": now or timezone.now()}
    )
    return beat


def beat_status() -> dict[str, Any]:
    beat = BeatHeartbeat.objects.filter(name=HEARTBEAT_NAME).first()
    if beat is None:
        return {"ok": False, "last_beat_at": None, "detail": "beat has not run yet"}
    stale_after = timedelta(seconds=settings.CASEFLOW_BEAT_STALE_AFTER_SECONDS)
    age = timezone.now() - beat.last_beat_at
    return {
        "ok": age <= stale_after,
        "last_beat_at": beat.last_beat_at.isoformat(),
        "seconds_ago": int(age.total_seconds()),
    }
