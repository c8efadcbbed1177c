"""The outbox: a decision is saved and its notification kept when the broker or the mail server
is down; delivery happens when they return, exactly once."""

import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
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


def _dd_told(deputy_director):
    return Notification.objects.filter(
        recipient=deputy_director, subject__contains="a return home is waiting for your agreement"
    )


def test_the_deputy_director_is_told_once_when_a_planned_return_awaits_agreement(
    client, child_a, social_worker, team_manager, deputy_director, django_capture_on_commit_callbacks
):
    from django.utils import timezone

    from pathways import services
    from pathways.constants import RequestStatus

    episode = episode_at(Stage.STAGE_2, child=child_a, social_worker=social_worker, team_manager=team_manager,
                         deputy_director=deputy_director)  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):  # the 60-day check proposes the move
        soon = timezone.localdate() + timedelta(days=50)
        services.episode_facts_update(episode=episode, by=social_worker, fields={"planned_return_date": soon})
    proposal = TransitionRequest.objects.get(status=RequestStatus.PENDING)
    assert not _dd_told(deputy_director).exists()  # nothing to agree yet
    client.force_login(team_manager)
    decide = reverse("pathway_request_decide", args=[proposal.pk])
    client.post(decide, {"decision": "approve", "reason": "Return planned for next month"})
    client.post(decide, {"decision": "approve", "reason": "Posted again"})
    assert _dd_told(deputy_director).count() == 1
    assert _dd_told(deputy_director).get().url == reverse("pathway_episode", args=[episode.pk])


def test_the_deputy_director_and_team_manager_are_told_of_an_unplanned_return(
    client, child_a, social_worker, team_manager, deputy_director
):
    from django.utils import timezone

    episode = episode_at(Stage.STAGE_2, child=child_a, social_worker=social_worker, team_manager=team_manager,
                         deputy_director=deputy_director)  # fmt: skip
    client.force_login(social_worker)
    day = timezone.localdate()
    client.post(
        reverse("pathway_unplanned_return", args=[episode.pk]),
        {"returned_on_day": day.day, "returned_on_month": day.month, "returned_on_year": day.year, "note": "Went home"},
    )
    assert "(the child went home unplanned)" in _dd_told(deputy_director).get().subject
    assert Notification.objects.filter(recipient=team_manager).exists()
