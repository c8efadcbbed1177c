"""Drill 2: Redis stops while a team manager records decisions.

Web, worker and beat run on a Redis server of the drill's own. The drill kills it, and the team
manager approves requests: each answer must come back within a bound, the decisions must be
saved, and their notifications must wait in the outbox. Redis is started again (empty: it keeps
nothing on disk, so whatever was queued before is gone); the worker and beat reconnect by
themselves, beat's next delivery run sends what waited, and every notification is emailed
exactly once, including one raised after Redis returned.
"""

import time
from collections import Counter

import requests
from django.urls import reverse

from caseflow.models import Notification
from pathways.constants import RequestStatus, Stage
from pathways.models import TransitionRequest
from tests.drills.processes import (
    Browser,
    CeleryBeat,
    CeleryWorker,
    PrivateRedis,
    WebServer,
    emails_sent,
    wait_until,
)

BOUND_SECONDS = 5  # a decision with Redis down answers within this (it publishes nothing)


def _approve(manager: Browser, request: TransitionRequest) -> float:
    decide = reverse("pathway_request_decide", args=[request.pk])
    token = manager.token(decide)
    started = time.monotonic()
    response = manager.post(
        decide, {"decision": "approve", "reason": "Agreed at supervision"}, token=token, allow_redirects=False
    )
    took = time.monotonic() - started
    assert response.status_code == 302, response.text[:500]
    return took


def _all_emailed() -> bool:
    return not Notification.objects.filter(emailed_at__isnull=True).exists()


def test_drill_2_redis_stopped_while_decisions_are_recorded(logs, tmp_path, pending_exits, team_manager):
    sent_folder = tmp_path / "sent-emails"
    sent_folder.mkdir()
    broker = PrivateRedis(logs / "redis.log")
    env = {
        "CASEFLOW_TEST_REDIS_URL": broker.url,
        "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "DJANGO_EMAIL_FILE_PATH": str(sent_folder),
    }
    processes = []
    try:
        server = WebServer(logs / "web.log", **env)
        processes += [server, CeleryWorker(logs / "worker.log", **env)]
        processes.append(CeleryBeat(logs / "beat.log", tmp_path / "beat-schedule", **env))
        manager = Browser(server)
        manager.sign_in(team_manager.username)

        broker.stop()
        *during, after = pending_exits
        took = [_approve(manager, request) for request in during]
        assert max(took) < BOUND_SECONDS, f"decisions with Redis down took {took}"
        for request in during:
            request.refresh_from_db()
            assert (request.status, request.episode.state) == (RequestStatus.APPROVED, Stage.EXITED)
        waiting = Notification.objects.filter(emailed_at__isnull=True)
        assert waiting.filter(subject__icontains="approved").count() == len(during)
        assert emails_sent(sent_folder) == []
        assert requests.get(f"{server.url}/healthz", timeout=10).status_code == 503  # says the broker is down

        broker.start()
        # Nothing was queued that survived: beat's every-minute delivery run sends what waited.
        wait_until(_all_emailed, seconds=120, what="beat's delivery run to send the waiting notifications")
        _approve(manager, after)  # with Redis back, delivery is queued at once
        wait_until(_all_emailed, seconds=30, what="the decision made after Redis returned to be emailed")
    finally:
        for process in processes:
            process.kill()
        broker.stop()

    expected = Counter(
        (n.recipient.email, f"CaseFlow: {n.subject}") for n in Notification.objects.select_related("recipient")
    )
    assert Counter(emails_sent(sent_folder)) == expected  # each notification emailed once, none twice
    assert set(Notification.objects.values_list("email_attempts", flat=True)) == {1}
    assert "deliver_notifications" in processes[2].output()  # beat sent the run that caught up
