"""Decisions kept for good, the 60-day check, the stage that cannot be forged, and history."""

import html
import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from caseflow.models import AppendOnlyError
from pathways import services
from pathways.constants import AgreementKind, RequestStatus, Stage, Transition
from pathways.models import EpisodeAgreement, PathwayEpisode, TransitionRequest
from tests.pathways.factories import pending_request


def test_a_decision_corrected_later_keeps_both(client, deputy_director, at_stage):
    episode = at_stage(Stage.STAGE_2_FINAL_60_DAYS)
    client.force_login(deputy_director)
    url = reverse("pathway_agreement", args=[episode.pk, AgreementKind.DEPUTY_DIRECTOR_RETURN])
    client.post(url, {"outcome": "not_agreed", "rationale": "Contingency plan too thin"})
    client.post(url, {"outcome": "agreed", "rationale": "Contingency plan now agreed with grandparents"})
    first, second = EpisodeAgreement.objects.order_by("recorded_at")
    assert second.supersedes == first
    assert episode.latest_agreement(AgreementKind.DEPUTY_DIRECTOR_RETURN) == second
    page = client.get(reverse("pathway_episode", args=[episode.pk])).content.decode()
    assert "Contingency plan too thin" in page
    assert "Contingency plan now agreed with grandparents" in page


def test_recorded_decisions_cannot_be_edited_or_deleted(deputy_director, social_worker, team_manager, at_stage):
    episode = at_stage(Stage.STAGE_2_FINAL_60_DAYS)
    agreement = services.agreement_record(
        episode=episode, by=deputy_director, kind=AgreementKind.DEPUTY_DIRECTOR_RETURN, outcome="agreed",
        rationale="Safe",
    )  # fmt: skip
    agreement.rationale = "Changed"
    with pytest.raises(AppendOnlyError):
        agreement.save()
    with pytest.raises(AppendOnlyError):
        agreement.delete()
    request = pending_request(episode, by=social_worker)
    services.transition_refuse(request=request, by=team_manager, reason="Not yet")
    request.decision_reason = "Rewritten"
    with pytest.raises(AppendOnlyError):
        request.save()
    assert TransitionRequest.objects.get(pk=request.pk).decision_reason == "Not yet"


def test_only_the_deputy_director_records_the_return_home_agreement(client, team_manager, at_stage):
    episode = at_stage(Stage.STAGE_2_FINAL_60_DAYS)
    client.force_login(team_manager)
    url = reverse("pathway_agreement", args=[episode.pk, AgreementKind.DEPUTY_DIRECTOR_RETURN])
    assert client.post(url, {"outcome": "agreed", "rationale": "x"}).status_code == 403
    assert not EpisodeAgreement.objects.exists()


def test_deciding_an_already_decided_request_says_so(client, social_worker, team_manager, team_manager_2, at_stage):
    episode = at_stage(Stage.STAGE_2)
    request = pending_request(episode, by=social_worker)
    services.transition_refuse(request=request, by=team_manager, reason="Not yet")
    client.force_login(team_manager_2)
    response = client.post(
        reverse("pathway_request_decide", args=[request.pk]), {"decision": "approve", "reason": "Yes"}, follow=True
    )
    assert "This request was already decided (refused by" in response.content.decode()
    assert PathwayEpisode.objects.get(pk=episode.pk).state == Stage.STAGE_2


def test_a_stage_change_not_reachable_from_here_is_refused_in_words(client, social_worker, at_stage):
    episode = at_stage(Stage.STAGE_1)
    client.force_login(social_worker)
    page = client.get(reverse("pathway_request", args=[episode.pk, Transition.CLOSE]))
    assert "This change is not possible from Stage 1: living away from home" in page.content.decode()
    response = client.post(reverse("pathway_request", args=[episode.pk, Transition.CLOSE]), {"reason": "x"})
    assert "'Close the pathway' is not possible from Stage 1: living away from home" in html.unescape(
        response.content.decode()
    )
    assert client.get(reverse("pathway_request", args=[episode.pk, "teleport"])).status_code == 404


def test_the_stage_cannot_be_set_directly_or_through_a_form(client, social_worker, at_stage):
    episode = at_stage(Stage.STAGE_1)
    with pytest.raises(AttributeError):
        episode.state = Stage.CLOSED
    client.force_login(social_worker)
    client.post(reverse("pathway_facts", args=[episode.pk]), {"state": Stage.CLOSED, "route": "support"})
    assert PathwayEpisode.objects.get(pk=episode.pk).state == Stage.STAGE_1
    assert PathwayEpisode.objects.get(pk=episode.pk).route == "support"


def test_no_admin_page_exposes_the_stage(client, administrator):
    client.force_login(administrator)
    assert client.get("/admin/pathways/pathwayepisode/").status_code == 404


def test_future_dates_for_things_that_happened_are_refused(client, social_worker, at_stage):
    episode = at_stage(Stage.STAGE_1)
    tomorrow = timezone.localdate() + timedelta(days=1)
    client.force_login(social_worker)
    response = client.post(
        reverse("pathway_action", args=[episode.pk, "placement_information"]),
        {
            "status": "done",
            "done_on_day": tomorrow.day,
            "done_on_month": tomorrow.month,
            "done_on_year": tomorrow.year,
            "outcome": "Shared with carers",
        },  # fmt: skip
    )
    assert response.context["form"].errors["done_on"] == ["Done on must be today or in the past"]
    assert "Shared with carers" in response.content.decode()


def test_a_returned_home_date_before_the_pathway_began_is_refused(client, social_worker, at_stage):
    episode = at_stage(Stage.STAGE_2_FINAL_60_DAYS)
    early = timezone.localtime(episode.activated_at).date() - timedelta(days=3)
    client.force_login(social_worker)
    response = client.post(
        reverse("pathway_facts", args=[episode.pk]),
        {
            "route": "going_home",
            "returned_home_on_day": early.day,
            "returned_home_on_month": early.month,
            "returned_home_on_year": early.year,
        },  # fmt: skip
    )
    assert response.context["form"].errors["returned_home_on"] == [
        "The child cannot have returned home before they started living away from home"
    ]


def test_the_60_day_check_proposes_once_however_often_it_runs(social_worker, at_stage):
    episode = at_stage(Stage.STAGE_2)
    services.episode_facts_update(
        episode=episode, by=social_worker, fields={"planned_return_date": timezone.localdate() + timedelta(days=45)}
    )
    assert services.final_60_days_propose() == 1
    assert services.final_60_days_propose() == 0
    assert TransitionRequest.objects.filter(transition=Transition.START_FINAL_60_DAYS).count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_60_day_checks_at_once_propose_once(social_worker, at_stage):
    episode = at_stage(Stage.STAGE_2)
    services.episode_facts_update(
        episode=episode, by=social_worker, fields={"planned_return_date": timezone.localdate() + timedelta(days=10)}
    )
    TransitionRequest.objects.filter(transition=Transition.START_FINAL_60_DAYS).delete()
    barrier = threading.Barrier(2)

    def run():
        barrier.wait()
        services.final_60_days_propose()
        connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    pending = TransitionRequest.objects.filter(transition=Transition.START_FINAL_60_DAYS, status=RequestStatus.PENDING)
    assert pending.count() == 1


def test_the_stage_on_any_past_date_comes_from_history(client, social_worker, at_stage):
    episode = at_stage(Stage.STAGE_2)
    yesterday = timezone.localdate() - timedelta(days=1)
    PathwayEpisode.history.filter(id=episode.pk).update(history_date=timezone.now() - timedelta(days=30))
    PathwayEpisode.history.filter(id=episode.pk).order_by("-history_id").filter(state=Stage.STAGE_2).update(
        history_date=timezone.now()
    )
    client.force_login(social_worker)
    response = client.get(reverse("pathway_episode", args=[episode.pk]), {"on": yesterday.strftime("%d/%m/%Y")})
    assert f"On {yesterday:%-d %B %Y}: Stage 1: living away from home." in response.content.decode()
    today = client.get(reverse("pathway_episode", args=[episode.pk]), {"on": timezone.localdate().isoformat()})
    assert "Stage 2: active Going Home plan." in today.content.decode()
    bad = client.get(reverse("pathway_episode", args=[episode.pk]), {"on": "31/02/2026"})
    assert "Enter a real date, like 27/03/2026" in bad.content.decode()


def test_requests_approvals_and_stage_changes_are_on_the_childs_timeline(
    client, social_worker, team_manager, at_stage, child_a
):
    at_stage(Stage.STAGE_2)
    client.force_login(social_worker)
    page = client.get(reverse("child_history", args=[child_a.pk])).content.decode()
    assert "Stage change request added: Start an active Going Home plan (stage 2) (waiting for a team manager)" in page
    assert "Status: Waiting for a team manager → Approved" in page
    assert "Stage: Stage 1: living away from home → Stage 2: active Going Home plan" in page
    assert f"approved by {team_manager} (Agreed in supervision)" in page


def test_demo_data_has_children_in_every_stage_and_waiting_requests(db):
    from django.core.management import call_command

    call_command("seed_demo")
    assert set(PathwayEpisode.objects.values_list("state", flat=True)) == set(Stage.values) - {Stage.EXITED}
    waiting = set(TransitionRequest.objects.filter(status=RequestStatus.PENDING).values_list("transition", flat=True))
    assert {Transition.AGREE_GOING_HOME, Transition.START_FINAL_60_DAYS, Transition.EXIT} <= waiting
    call_command("seed_demo")
    assert PathwayEpisode.objects.count() == 11
