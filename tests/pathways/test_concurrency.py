"""Two managers deciding the same request at the same moment, on two real database connections."""

import threading

import pytest
from django.db import connection

from pathways import services
from pathways.constants import RequestStatus, Stage, Transition
from pathways.models import PathwayEpisode, TransitionRequest
from tests.pathways.factories import ready_for_stage_2


def _race(calls):
    """Run each call on its own thread (so its own connection), released together."""
    barrier = threading.Barrier(len(calls))
    outcomes: list[object] = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait()
            outcomes[index] = call()
        except Exception as error:  # the race's loser reports, not raises
            outcomes[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(index, call)) for index, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


@pytest.mark.django_db(transaction=True)
def test_two_approvals_at_once_change_the_stage_once(at_stage, social_worker, team_manager, team_manager_2):
    episode = ready_for_stage_2(at_stage(Stage.STAGE_1), social_worker)
    request = services.transition_request(
        episode=episode, transition=Transition.AGREE_GOING_HOME, by=social_worker, reason="Ready"
    )
    history_before = PathwayEpisode.history.filter(id=episode.pk).count()

    outcomes = _race(
        [
            lambda: services.transition_approve(request=request, by=team_manager, reason="Yes"),
            lambda: services.transition_approve(request=request, by=team_manager_2, reason="Yes too"),
        ]
    )

    winners = [outcome for outcome in outcomes if isinstance(outcome, PathwayEpisode)]
    losers = [outcome for outcome in outcomes if isinstance(outcome, services.AlreadyDecided)]
    assert (len(winners), len(losers)) == (1, 1), outcomes
    assert "already decided" in str(losers[0])
    assert PathwayEpisode.objects.get(pk=episode.pk).state == Stage.STAGE_2
    assert PathwayEpisode.history.filter(id=episode.pk).count() == history_before + 1
    assert TransitionRequest.objects.get().status == RequestStatus.APPROVED


@pytest.mark.django_db(transaction=True)
def test_an_approval_racing_a_refusal_has_one_outcome(at_stage, social_worker, team_manager, team_manager_2):
    episode = ready_for_stage_2(at_stage(Stage.STAGE_1), social_worker)
    request = services.transition_request(
        episode=episode, transition=Transition.AGREE_GOING_HOME, by=social_worker, reason="Ready"
    )
    outcomes = _race(
        [
            lambda: services.transition_approve(request=request, by=team_manager, reason="Yes"),
            lambda: services.transition_refuse(request=request, by=team_manager_2, reason="No"),
        ]
    )
    assert sum(isinstance(outcome, services.AlreadyDecided) for outcome in outcomes) == 1
    decided = TransitionRequest.objects.get()
    expected_stage = Stage.STAGE_2 if decided.status == RequestStatus.APPROVED else Stage.STAGE_1
    assert PathwayEpisode.objects.get(pk=episode.pk).state == expected_stage
