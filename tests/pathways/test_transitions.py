"""Every stage change, through the pages a social worker and a team manager use."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from pathways import catalogue, services
from pathways.constants import ActionStatus, AgreementKind, RequestStatus, Stage, Transition
from pathways.models import PathwayEpisode, TransitionRequest
from tests.pathways.factories import ready_for_stage_2, record_actions


def _stage(episode):
    return PathwayEpisode.objects.get(pk=episode.pk).state


def _ask(client, episode, transition, reason="Agreed at the MDT meeting", **extra):
    return client.post(reverse("pathway_request", args=[episode.pk, transition]), {"reason": reason, **extra})


def _decide(client, request, decision="approve", reason="Agreed in supervision"):
    return client.post(reverse("pathway_request_decide", args=[request.pk]), {"decision": decision, "reason": reason})


def test_a_social_worker_starts_the_pathway_at_stage_1(client, social_worker, child_a):
    client.force_login(social_worker)
    day = timezone.localdate() - timedelta(days=2)
    response = client.post(
        reverse("pathway_start", args=[child_a.pk]),
        {
            "activated_on_day": day.day,
            "activated_on_month": day.month,
            "activated_on_year": day.year,
            "activated_time": "21:15",
        },  # fmt: skip
    )
    episode = PathwayEpisode.objects.get(child=child_a)
    assert response.url == reverse("pathway_episode", args=[episode.pk])
    assert episode.state == Stage.STAGE_1
    assert timezone.localtime(episode.activated_at).strftime("%H:%M") == "21:15"
    page = client.get(reverse("child_detail", args=[child_a.pk])).content.decode()
    assert "Stage 1: living away from home" in page


def test_a_second_open_pathway_is_refused_in_words(client, social_worker, at_stage, child_a):
    at_stage(Stage.STAGE_1)
    client.force_login(social_worker)
    day = timezone.localdate()
    response = client.post(
        reverse("pathway_start", args=[child_a.pk]),
        {
            "activated_on_day": day.day,
            "activated_on_month": day.month,
            "activated_on_year": day.year,
            "activated_time": "00:01",
        },  # fmt: skip
    )
    assert "This child already has an open Going Home pathway" in response.content.decode()
    assert PathwayEpisode.objects.filter(child=child_a).count() == 1


def test_the_page_lists_what_is_missing_before_asking(client, social_worker, at_stage):
    episode = at_stage(Stage.STAGE_1)
    client.force_login(social_worker)
    page = client.get(reverse("pathway_episode", args=[episode.pk])).content.decode()
    assert "The route confirmed with the family is not the Going Home pathway" in page
    assert "&#x27;The Initial MDT decision-making meeting&#x27; has not been recorded as done" in page
    assert "The Going Home plan has not been recorded" in page


def test_stage_1_to_stage_2_by_request_and_approval(client, social_worker, team_manager, at_stage):
    episode = ready_for_stage_2(at_stage(Stage.STAGE_1), social_worker)
    client.force_login(social_worker)
    assert _ask(client, episode, Transition.AGREE_GOING_HOME).status_code == 302
    assert _stage(episode) == Stage.STAGE_1  # nothing changes until a manager approves
    request = TransitionRequest.objects.get(episode=episode)
    client.force_login(team_manager)
    assert _decide(client, request).status_code == 302
    assert _stage(episode) == Stage.STAGE_2
    request.refresh_from_db()
    assert (request.status, request.decided_by) == (RequestStatus.APPROVED, team_manager)


@pytest.mark.parametrize(
    ("undo", "reason"),
    [
        ("route", "The route confirmed with the family is not the Going Home pathway"),
        ("planned_return_date", "There is no planned return date"),
        ("far_return", "The planned return date is more than 12 months away"),
        ("mdt", "'The Initial MDT decision-making meeting' has not been recorded as done"),
        ("plan", "The Going Home plan has not been recorded"),
    ],
)
def test_each_missing_need_for_stage_2_refuses_the_request(client, social_worker, at_stage, undo, reason):
    episode = at_stage(Stage.STAGE_1)
    services.episode_facts_update(
        episode=episode,
        by=social_worker,
        fields={
            "route": "" if undo == "route" else "going_home",
            "planned_return_date": None
            if undo == "planned_return_date"
            else timezone.localdate() + timedelta(days=500 if undo == "far_return" else 200),
        },
    )
    if undo != "mdt":
        record_actions(episode, social_worker, ["initial_mdt_meeting"])
    if undo != "plan":
        services.going_home_plan_save(
            episode=episode, by=social_worker, fields={"timeframe": "within_1_year", "plan_text": "Home"}
        )
    client.force_login(social_worker)
    response = _ask(client, episode, Transition.AGREE_GOING_HOME)
    assert response.status_code == 200
    assert reason in response.context["form"].non_field_errors()
    assert "Agreed at the MDT meeting" in response.content.decode()  # what was typed is kept
    assert not TransitionRequest.objects.exists()


def test_the_requester_can_never_approve_their_own_request(client, team_manager, at_stage, social_worker):
    episode = ready_for_stage_2(at_stage(Stage.STAGE_1), social_worker)
    client.force_login(team_manager)
    _ask(client, episode, Transition.AGREE_GOING_HOME)
    request = TransitionRequest.objects.get()
    assert request.requested_by == team_manager
    assert _decide(client, request).status_code == 403
    assert _stage(episode) == Stage.STAGE_1
    assert request.episode.child.team in team_manager.teams.all()


@pytest.mark.parametrize("decider", ["social_worker_2", "team_manager_b", "service_manager", "deputy_director", "iro"])
def test_only_a_manager_of_the_childs_team_decides(request, client, at_stage, social_worker, decider):
    episode = ready_for_stage_2(at_stage(Stage.STAGE_1), social_worker)
    pending = services.transition_request(
        episode=episode, transition=Transition.AGREE_GOING_HOME, by=social_worker, reason="Ready"
    )
    client.force_login(request.getfixturevalue(decider))
    assert _decide(client, pending).status_code in (403, 404)
    assert _stage(episode) == Stage.STAGE_1
    assert TransitionRequest.objects.get().status == RequestStatus.PENDING


@pytest.mark.parametrize("role", ["iro", "deputy_director", "performance_officer"])
def test_roles_that_do_not_record_casework_cannot_request(request, client, at_stage, social_worker, role):
    episode = ready_for_stage_2(at_stage(Stage.STAGE_1), social_worker)
    client.force_login(request.getfixturevalue(role))
    assert _ask(client, episode, Transition.AGREE_GOING_HOME).status_code in (403, 404)
    assert not TransitionRequest.objects.exists()


def test_a_refusal_keeps_the_stage_and_says_why(client, social_worker, team_manager, at_stage):
    episode = ready_for_stage_2(at_stage(Stage.STAGE_1), social_worker)
    request = services.transition_request(
        episode=episode, transition=Transition.AGREE_GOING_HOME, by=social_worker, reason="Ready"
    )
    client.force_login(team_manager)
    _decide(client, request, decision="refuse", reason="Wait for the parenting assessment")
    assert _stage(episode) == Stage.STAGE_1
    client.force_login(social_worker)
    home = client.get(reverse("home")).content.decode()
    assert "Refused" in home
    page = client.get(reverse("pathway_episode", args=[episode.pk])).content.decode()
    assert "Wait for the parenting assessment" in page


def test_stage_1_to_building_your_futures_needs_the_transfer_checklist(client, social_worker, team_manager, at_stage):
    episode = at_stage(Stage.STAGE_1)
    services.episode_facts_update(
        episode=episode,
        by=social_worker,
        fields={"route": "support", "proceedings_concluded_on": timezone.localdate(), "placement_settled": True},
    )
    client.force_login(social_worker)
    refused = _ask(client, episode, Transition.TRANSFER_TO_BYF)
    assert (
        "The transfer checklist to Building Your Futures is not complete" in refused.context["form"].non_field_errors()
    )
    from pathways.models import TransferChecklistItem

    for item in TransferChecklistItem.objects.all():
        day = timezone.localdate()
        client.post(
            reverse("pathway_transfer_item", args=[episode.pk, item.pk]),
            {"completed_on_day": day.day, "completed_on_month": day.month, "completed_on_year": day.year},
        )
    assert _ask(client, episode, Transition.TRANSFER_TO_BYF).status_code == 302
    client.force_login(team_manager)
    _decide(client, TransitionRequest.objects.get())
    assert _stage(episode) == Stage.STAGE_1_BYF


def test_building_your_futures_to_stage_2_needs_the_initial_restorative_conversation(
    client, social_worker, team_manager, at_stage
):
    episode = ready_for_stage_2(at_stage(Stage.STAGE_1_BYF), social_worker)
    client.force_login(social_worker)
    refused = _ask(client, episode, Transition.AGREE_GOING_HOME_FROM_BYF)
    assert (
        "'Complete the Going Home Initial Restorative Conversation' has not been recorded as done"
        in refused.context["form"].non_field_errors()
    )
    record_actions(episode, social_worker, ["initial_restorative_conversation"])
    assert _ask(client, episode, Transition.AGREE_GOING_HOME_FROM_BYF).status_code == 302
    client.force_login(team_manager)
    _decide(client, TransitionRequest.objects.get(status=RequestStatus.PENDING))
    assert _stage(episode) == Stage.STAGE_2


def test_final_60_days_needs_the_planned_return_that_close(
    client, social_worker, team_manager, at_stage, django_capture_on_commit_callbacks
):
    episode = at_stage(Stage.STAGE_2)  # planned return 200 days away
    client.force_login(social_worker)
    refused = _ask(client, episode, Transition.START_FINAL_60_DAYS)
    assert "The planned return date is more than 60 days away" in refused.context["form"].non_field_errors()
    with django_capture_on_commit_callbacks(execute=True):
        services.episode_facts_update(
            episode=episode, by=social_worker, fields={"planned_return_date": timezone.localdate() + timedelta(days=60)}
        )
    # the 60-day check proposes it at once, for the manager to confirm
    proposal = TransitionRequest.objects.get(transition=Transition.START_FINAL_60_DAYS, status=RequestStatus.PENDING)
    assert proposal.requested_by is None
    client.force_login(team_manager)
    assert "Going home within 60 days" in client.get(reverse("home")).content.decode()
    _decide(client, proposal)
    assert _stage(episode) == Stage.STAGE_2_FINAL_60_DAYS


def _all_60_day_actions(episode, social_worker):
    record_actions(episode, social_worker, catalogue.keys_for(Stage.STAGE_2_FINAL_60_DAYS))


@pytest.mark.parametrize(
    ("leave_out", "reason"),
    [
        ("actions", "'Agree the contingency plan' is not recorded yet (if it does not apply, say why)"),
        ("dd", "The Deputy Director has not recorded agreement to the return home"),
        ("date", "The date the child returned home has not been recorded"),
    ],
)
def test_the_planned_return_needs_each_of_its_agreements(
    client, social_worker, deputy_director, at_stage, leave_out, reason
):
    episode = at_stage(Stage.STAGE_2_FINAL_60_DAYS)
    keys = catalogue.keys_for(Stage.STAGE_2_FINAL_60_DAYS)
    record_actions(episode, social_worker, [k for k in keys if leave_out != "actions" or k != "final_contingency_plan"])
    if leave_out != "dd":
        services.agreement_record(
            episode=episode, by=deputy_director, kind=AgreementKind.DEPUTY_DIRECTOR_RETURN, outcome="agreed",
            rationale="Safe",
        )  # fmt: skip
    if leave_out != "date":
        services.episode_facts_update(
            episode=episode, by=social_worker, fields={"returned_home_on": timezone.localdate()}
        )
    client.force_login(social_worker)
    refused = _ask(client, episode, Transition.RETURN_HOME)
    assert reason in refused.context["form"].non_field_errors()
    assert _stage(episode) == Stage.STAGE_2_FINAL_60_DAYS


def test_a_60_day_action_marked_not_applicable_with_a_reason_counts(client, social_worker, at_stage, deputy_director):
    episode = at_stage(Stage.STAGE_2_FINAL_60_DAYS)
    client.force_login(social_worker)
    response = client.post(
        reverse("pathway_action", args=[episode.pk, "final_discharge_legal_advice"]),
        {"status": ActionStatus.NOT_APPLICABLE, "not_applicable_reason": "Accommodated under s20: no order"},
    )
    assert response.status_code == 302
    from pathways import guards

    assert not any("discharge" in reason for reason in guards.missing(PathwayEpisode.objects.get(pk=episode.pk),
                                                                       "return_home"))  # fmt: skip


def test_not_applicable_without_a_reason_is_refused(client, social_worker, at_stage):
    episode = at_stage(Stage.STAGE_1)
    client.force_login(social_worker)
    response = client.post(
        reverse("pathway_action", args=[episode.pk, "strengths_fgc"]), {"status": ActionStatus.NOT_APPLICABLE}
    )
    assert response.context["form"].errors["not_applicable_reason"] == ["Say why it does not apply"]


def test_the_planned_return_reaches_stage_3(client, social_worker, team_manager, deputy_director, at_stage):
    episode = at_stage(Stage.STAGE_2_FINAL_60_DAYS)
    _all_60_day_actions(episode, social_worker)
    client.force_login(deputy_director)
    client.post(
        reverse("pathway_agreement", args=[episode.pk, AgreementKind.DEPUTY_DIRECTOR_RETURN]),
        {"outcome": "agreed", "rationale": "Network strong; contingency agreed"},
    )
    services.episode_facts_update(episode=episode, by=social_worker, fields={"returned_home_on": timezone.localdate()})
    client.force_login(social_worker)
    assert _ask(client, episode, Transition.RETURN_HOME).status_code == 302
    client.force_login(team_manager)
    _decide(client, TransitionRequest.objects.get(transition=Transition.RETURN_HOME))
    assert _stage(episode) == Stage.STAGE_3


def test_closure_waits_while_a_care_order_remains(client, social_worker, team_manager, at_stage):
    episode = at_stage(Stage.STAGE_3)
    services.episode_facts_update(episode=episode, by=social_worker, fields={"legal_route": "care_order_remains"})
    record_actions(episode, social_worker, ["final_cwcf_review"])
    client.force_login(social_worker)
    refused = _ask(client, episode, Transition.START_CLOSURE)
    assert "The care order has not been discharged (closure waits while a care order remains)" in (
        refused.context["form"].non_field_errors()
    )
    services.episode_facts_update(episode=episode, by=social_worker, fields={"legal_route": "no_legal_status"})
    assert _ask(client, episode, Transition.START_CLOSURE).status_code == 302
    client.force_login(team_manager)
    _decide(client, TransitionRequest.objects.get(transition=Transition.START_CLOSURE))
    assert _stage(episode) == Stage.CLOSURE


def test_closing_needs_every_closure_item(client, social_worker, team_manager, at_stage):
    episode = at_stage(Stage.CLOSURE)
    client.force_login(social_worker)
    refused = _ask(client, episode, Transition.CLOSE)
    assert "'Record the family's safety plan' is not recorded yet (if it does not apply, say why)" in (
        refused.context["form"].non_field_errors()
    )
    record_actions(episode, social_worker, catalogue.keys_for(Stage.CLOSURE))
    assert _ask(client, episode, Transition.CLOSE).status_code == 302
    client.force_login(team_manager)
    _decide(client, TransitionRequest.objects.get(transition=Transition.CLOSE))
    closed = PathwayEpisode.objects.get(pk=episode.pk)
    assert (closed.state, closed.ended_on) == (Stage.CLOSED, timezone.localdate())


@pytest.mark.parametrize("stage", [Stage.STAGE_1, Stage.STAGE_2, Stage.STAGE_3])
def test_leaving_early_from_any_open_stage_needs_a_date_and_approval(
    client, social_worker, team_manager, at_stage, stage
):
    episode = at_stage(stage)
    client.force_login(social_worker)
    no_date = _ask(client, episode, Transition.EXIT, reason="Moved to another council")
    assert no_date.context["form"].errors["effective_on"] == ["Enter date the child left the pathway"]
    day = timezone.localdate()
    _ask(client, episode, Transition.EXIT, reason="Moved to another council", effective_on_day=day.day,
         effective_on_month=day.month, effective_on_year=day.year)  # fmt: skip
    client.force_login(team_manager)
    _decide(client, TransitionRequest.objects.get(transition=Transition.EXIT))
    exited = PathwayEpisode.objects.get(pk=episode.pk)
    assert (exited.state, exited.ended_on) == (Stage.EXITED, day)
