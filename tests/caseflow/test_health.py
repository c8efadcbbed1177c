"""/healthz: database, broker, and the beat heartbeat (a real scheduled task)."""

import time
from datetime import timedelta

import pytest
from celery.contrib.testing.worker import start_worker
from celery.schedules import crontab
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from caseflow import health
from caseflow.celery import app
from caseflow.models import BeatHeartbeat
from caseflow.tasks import beat_heartbeat

uses_redis = pytest.mark.skipif(
    not settings.CELERY_BROKER_URL.startswith("redis://"), reason="Redis was not reachable: tasks ran eagerly"
)


def test_healthz_reports_each_check_without_signing_in(client, db):
    response = client.get(reverse("healthz"))
    body = response.json()
    assert response.status_code == 200
    assert body["database"]["ok"] is True
    assert body["broker"]["ok"] is True
    assert body["beat"] == {"ok": False, "last_beat_at": None, "detail": "beat has not run yet"}


def test_healthz_shows_the_last_heartbeat(client, db):
    beat_heartbeat.apply()
    beat = client.get(reverse("healthz")).json()["beat"]
    assert beat["ok"] is True
    assert beat["last_beat_at"] == BeatHeartbeat.objects.get().last_beat_at.isoformat()


def test_a_stale_heartbeat_is_reported_as_not_ok(client, db):
    health.beat_heartbeat_record(now=timezone.now() - timedelta(minutes=10))
    beat = client.get(reverse("healthz")).json()["beat"]
    assert beat["ok"] is False
    assert beat["seconds_ago"] >= 600


def test_running_the_heartbeat_twice_keeps_one_row(db):
    beat_heartbeat.apply()
    beat_heartbeat.apply()
    assert BeatHeartbeat.objects.count() == 1


@uses_redis
def test_an_unreachable_broker_fails_the_probe_in_words(client, db, settings):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json()["broker"]["ok"] is False
    assert response.json()["broker"]["error"]


def test_the_beat_schedule_runs_the_heartbeat_every_minute():
    entry = settings.CELERY_BEAT_SCHEDULE["beat-heartbeat"]
    assert entry["task"] in app.tasks
    assert entry["schedule"] == crontab(minute="*")


@uses_redis
@pytest.mark.django_db(transaction=True)
def test_the_heartbeat_round_trips_through_the_real_broker():
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        beat_heartbeat.delay()
        deadline = time.monotonic() + 10
        while not BeatHeartbeat.objects.exists() and time.monotonic() < deadline:
            time.sleep(0.1)
    assert BeatHeartbeat.objects.exists(), "the worker did not run the heartbeat sent through Redis"
