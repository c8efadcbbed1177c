"""Pathway pages and 'My work' sections: what they show and a fixed number of queries."""

import pytest
from django.urls import reverse

from pathways import services
from pathways.constants import Stage, Transition
from tests.caseflow.factories import ChildFactory
from tests.pathways.factories import episode_at, ready_for_stage_2


@pytest.mark.parametrize("stage", [Stage.STAGE_1, Stage.STAGE_3])
def test_the_episode_page_query_count_is_fixed(client, social_worker, at_stage, django_assert_max_num_queries, stage):
    episode = at_stage(stage)
    client.force_login(social_worker)
    with django_assert_max_num_queries(22):
        response = client.get(reverse("pathway_episode", args=[episode.pk]))
    assert response.status_code == 200


@pytest.mark.parametrize("children", [1, 6])
def test_a_managers_my_work_does_not_grow_with_the_queue(
    client, social_worker, team_manager, team_a, django_assert_max_num_queries, children
):
    for _ in range(children):
        child = ChildFactory.create(team=team_a, looked_after=True, allocated_worker=social_worker)
        episode = episode_at(Stage.STAGE_1, child=child, social_worker=social_worker, team_manager=team_manager)
        services.transition_request(
            episode=ready_for_stage_2(episode, social_worker),
            transition=Transition.AGREE_GOING_HOME,
            by=social_worker,
            reason="Ready",
        )
    client.force_login(team_manager)
    with django_assert_max_num_queries(15):  # one or two per My work section
        response = client.get(reverse("home"))
    waiting = _section(response, "Pathway requests waiting for your decision")
    assert len(waiting.items) == children


@pytest.mark.parametrize("children", [1, 6])
def test_a_social_workers_my_work_does_not_grow_with_the_caseload(
    client, social_worker, team_manager, team_a, django_assert_max_num_queries, children
):
    """Each allocated child brings a pathway request, deadlines, a next step and a meeting action:
    My work lists them all in the same number of queries."""
    from datetime import timedelta

    from django.utils import timezone

    from caseflow.deadlines.scan import scan_deadlines
    from meetings import mapping_services
    from meetings import services as meeting_services
    from meetings.constants import MeetingType
    from tests.meetings.factories import meeting_held

    soon = timezone.localdate() + timedelta(days=5)
    for _ in range(children):
        child = ChildFactory.create(team=team_a, looked_after=True, allocated_worker=social_worker)
        episode = episode_at(Stage.STAGE_1, child=child, social_worker=social_worker, team_manager=team_manager)
        services.transition_request(
            episode=ready_for_stage_2(episode, social_worker),
            transition=Transition.AGREE_GOING_HOME,
            by=social_worker,
            reason="Ready",
        )
        mapping_services.next_step_add(
            child=child, by=social_worker, description="Family network meeting", owner=social_worker, due_on=soon
        )
        meeting = meeting_held(MeetingType.NETWORK_MEETING, child=child, by=social_worker)
        meeting_services.action_add(
            meeting=meeting, by=social_worker, description="Share the plan", owner=social_worker, due_on=soon,
            child=child,
        )  # fmt: skip
    scan_deadlines(now=timezone.now() + timedelta(days=7))
    client.force_login(social_worker)
    with django_assert_max_num_queries(15):  # one or two per My work section
        response = client.get(reverse("home"))
    assert len(_section(response, "Your pathway requests").items) == children
    assert len(_section(response, "Your next steps").items) == children
    assert len(_section(response, "Your actions from meetings").items) == children
    assert len(_section(response, "Your deadlines").items) >= children


def test_the_stage_checklist_shows_the_flowchart_words(client, social_worker, at_stage):
    episode = at_stage(Stage.STAGE_1)
    client.force_login(social_worker)
    page = client.get(reverse("pathway_episode", args=[episode.pk])).content.decode()
    for words in ("Hold the placement planning meeting", "Review the &#x27;Children we care for&#x27; plan",
                  "Complete the Going Home Initial Restorative Conversation", "Sibling assessment, together or apart",
                  "Record the family&#x27;s safety plan"):  # fmt: skip
        assert words in page


def test_the_child_page_shows_the_stage_its_age_and_its_actions(client, social_worker, at_stage, child_a):
    episode = at_stage(Stage.STAGE_1)
    from tests.pathways.factories import record_actions

    record_actions(episode, social_worker, ["placement_information"])
    client.force_login(social_worker)
    page = client.get(reverse("child_detail", args=[child_a.pk])).content.decode()
    assert "Stage 1: living away from home" in page
    assert "(400 days)" in page
    assert "Done</strong> Share placement information" in page
    assert "To do</strong> Hold the placement planning meeting" in page


def _section(response, title):
    return next(section for section in response.context["sections"] if section.title == title)
