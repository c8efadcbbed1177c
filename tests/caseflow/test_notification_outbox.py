"""The outbox: a decision is saved and its notification kept when the broker or the mail server
is down; delivery happens when they return, exactly once."""

import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from django.core import mail
from django.urls import reverse

from caseflow import notifications
from caseflow.celery import app
from caseflow.models import Notification
from pathways.constants import Stage, Transition
from pathways.models import TransitionRequest
from tests.pathways.factories import episode_at, ready_for_stage_2


@contextmanager
def broker_down() -> Iterator[None]:
    """Point Celery at a port where nothing listens, as if Redis had stopped."""
    conf: Any = app.conf
    saved = (conf.broker_url, conf.task_always_eager)
    conf.broker_url, conf.task_always_eager = "redis://127.0.0.1:1/0", False
    _forget_connections()
    try:
        yield
    finally:
        conf.broker_url, conf.task_always_eager = saved
        _forget_connections()


def _forget_connections() -> None:
    """Drop Celery's cached connection pools so the next publish uses the current broker_url."""
    setattr(app, "_pool", None)  # noqa: B010
    setattr(app.amqp, "_producer_pool", None)  # noqa: B010


@pytest.fixture
def ready(child_a, social_worker, team_manager):
    episode = episode_at(Stage.STAGE_1, child=child_a, social_worker=social_worker, team_manager=team_manager)
    return ready_for_stage_2(episode, social_worker)


def test_a_request_succeeds_with_the_broker_down_and_is_delivered_once_it_returns(
    client, social_worker, ready, django_capture_on_commit_callbacks
):
    client.force_login(social_worker)
    url = reverse("pathway_request", args=[ready.pk, Transition.AGREE_GOING_HOME])
    with broker_down(), django_capture_on_commit_callbacks(execute=True):
        started = time.monotonic()
        response = client.post(url, {"reason": "Agreed at the Initial MDT meeting"})
        elapsed = time.monotonic() - started
    assert response.status_code == 302
    assert elapsed < 10, f"the request took {elapsed:.1f}s with the broker down"
    assert TransitionRequest.objects.filter(episode=ready).exists()
    waiting = Notification.objects.get(recipient__username="tm1")
    assert waiting.emailed_at is None
    assert mail.outbox == []

    assert notifications.deliver_pending() == 1  # the scheduled run, once the broker is back
    assert [message.to for message in mail.outbox] == [["tm1@caseflow.example"]]
    assert notifications.deliver_pending() == 0
    assert len(mail.outbox) == 1


def test_a_mail_server_that_is_down_keeps_the_notification_for_the_next_run(settings, ready, social_worker):
    from pathways import services

    services.transition_request(episode=ready, transition=Transition.AGREE_GOING_HOME, by=social_worker, reason="Ready")
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 1, 2
    assert notifications.deliver_pending() == 0
    waiting = Notification.objects.get()
    assert waiting.emailed_at is None
    assert waiting.last_error
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert notifications.deliver_pending() == 1
    assert len(mail.outbox) == 1


def test_the_header_shows_unread_notifications_and_the_list_marks_them_read(client, ready, social_worker, team_manager):
    from pathways import services

    services.transition_request(episode=ready, transition=Transition.AGREE_GOING_HOME, by=social_worker, reason="Ready")
    client.force_login(team_manager)
    home = client.get(reverse("home")).content.decode()
    assert '1<span class="govuk-visually-hidden"> unread</span>' in home
    listing = client.get(reverse("notification_list")).content.decode()
    assert "Amira Hassan: &#x27;Start an active Going Home plan (stage 2)&#x27; is waiting for your decision" in listing
    client.post(reverse("notifications_read"))
    assert Notification.objects.get().read_at is not None
    assert "unread</span>" not in client.get(reverse("home")).content.decode()
