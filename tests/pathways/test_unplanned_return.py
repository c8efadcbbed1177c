"""An unplanned return home: recorded at once, never blocked, its missing agreements shown as exceptions."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from pathways import services
from pathways.constants import AgreementKind, RequestStatus, Stage, Transition
from pathways.models import PathwayEpisode, TransitionRequest
from tests.pathways.factories import pending_request


def _record(client, episode, day, note="Went home after a family row"):
    return client.post(
        reverse("pathway_unplanned_return", args=[episode.pk]),
        {"returned_on_day": day.day, "returned_on_month": day.month, "returned_on_year": day.year, "note": note},
    )


@pytest.mark.parametrize("stage", [Stage.STAGE_1, Stage.STAGE_1_BYF, Stage.STAGE_2, Stage.STAGE_2_FINAL_60_DAYS])
def test_recorded_at_once_from_any_living_away_stage(client, social_worker, at_stage, stage):
    episode = at_stage(stage)
    client.force_login(social_worker)
    day = timezone.localdate() - timedelta(days=1)
    assert _record(client, episode, day).status_code == 302
    episode = PathwayEpisode.objects.get(pk=episode.pk)
    assert (episode.state, episode.unplanned_return, episode.returned_home_on) == (Stage.STAGE_3, True, day)


def test_requests_that_no_longer_apply_are_withdrawn_and_the_rest_kept(client, social_worker, at_stage):
    episode = at_stage(Stage.STAGE_2)
    services.episode_facts_update(
        episode=episode, by=social_worker, fields={"planned_return_date": timezone.localdate() + timedelta(days=30)}
    )
    final = services.transition_request(
        episode=episode, transition=Transition.START_FINAL_60_DAYS, by=social_worker, reason="Close now"
    )
    leaving = pending_request(episode, by=social_worker)
    client.force_login(social_worker)
    _record(client, episode, timezone.localdate())
    final = TransitionRequest.objects.get(pk=final.pk)
    assert final.status == RequestStatus.WITHDRAWN
    assert final.decision_reason == "The stage changed to Stage 3: living at home before a decision"
    assert TransitionRequest.objects.get(pk=leaving.pk).status == RequestStatus.PENDING  # still possible at stage 3


def test_exceptions_show_to_the_team_manager_and_deputy_director_until_recorded(
    client, social_worker, team_manager, deputy_director, at_stage, child_a
):
    episode = at_stage(Stage.STAGE_2)
    client.force_login(social_worker)
    _record(client, episode, timezone.localdate())

    page = client.get(reverse("pathway_episode", args=[episode.pk])).content.decode()
    assert "The team manager has not recorded agreement to, or an explanation of, the return home" in page
    assert "The Deputy Director has not recorded agreement to, or an explanation of, the return home" in page

    client.force_login(team_manager)
    unplanned = _section(client.get(reverse("home")), "Unplanned returns home needing your agreement")
    assert unplanned.items[0].child.full_name == "Amira Hassan"
    client.post(
        reverse("pathway_agreement", args=[episode.pk, AgreementKind.MANAGER_UNPLANNED_RETURN]),
        {"outcome": "explained", "rationale": "Amira went home after a row; safety visit done the same day"},
    )
    assert _section(client.get(reverse("home")), "Unplanned returns home needing your agreement").items == []

    client.force_login(deputy_director)
    dd_section = next(s for s in client.get(reverse("home")).context["sections"] if "agreement" in s.title)
    assert [item.pk for item in dd_section.items] == [episode.pk]
    client.post(
        reverse("pathway_agreement", args=[episode.pk, AgreementKind.DEPUTY_DIRECTOR_RETURN]),
        {"outcome": "agreed", "rationale": "Agree she stays home with support"},
    )
    dd_section = next(s for s in client.get(reverse("home")).context["sections"] if "agreement" in s.title)
    assert dd_section.items == []
    page = client.get(reverse("pathway_episode", args=[episode.pk])).content.decode()
    assert "these agreements are missing" not in page


def test_a_return_before_the_child_left_home_is_refused(client, social_worker, at_stage):
    episode = at_stage(Stage.STAGE_1)
    client.force_login(social_worker)
    too_early = timezone.localtime(episode.activated_at).date() - timedelta(days=1)
    response = _record(client, episode, too_early, note="typed note")
    assert response.context["form"].errors["returned_on"] == [
        "The child cannot have gone home before they started living away from home"
    ]
    assert "typed note" in response.content.decode()
    assert PathwayEpisode.objects.get(pk=episode.pk).state == Stage.STAGE_1


def test_a_return_in_the_future_is_refused(client, social_worker, at_stage):
    episode = at_stage(Stage.STAGE_1)
    client.force_login(social_worker)
    response = _record(client, episode, timezone.localdate() + timedelta(days=1))
    assert response.context["form"].errors["returned_on"] == ["Date the child went home must be today or in the past"]


def test_not_possible_once_the_child_is_home(client, social_worker, at_stage):
    episode = at_stage(Stage.STAGE_3)
    client.force_login(social_worker)
    response = _record(client, episode, timezone.localdate())
    assert response.status_code == 200
    assert "only be recorded while the child lives away from home" in response.content.decode()


def _section(response, title):
    return next(section for section in response.context["sections"] if section.title == title)
