"""The tracker dashboard: live counts in the viewer's scope, each with its children; a fixed
number of queries."""

import pytest
from django.urls import reverse
from django.utils import timezone

from pathways.constants import Stage
from tests.caseflow.factories import ChildFactory
from tests.pathways.factories import episode_at


def _panel(response, title):
    return {bar.label: bar.count for bar in next(p for p in response.context["panels"] if p.title == title).bars}


@pytest.fixture
def pathway_children(
    child_a, child_b, child_elsewhere, social_worker, social_worker_team_b, team_manager, team_manager_b
):
    from tests.caseflow.factories import UserFactory

    episode_at(Stage.STAGE_2, child=child_a, social_worker=social_worker, team_manager=team_manager)
    episode_at(Stage.STAGE_1, child=child_b, social_worker=social_worker_team_b, team_manager=team_manager_b)
    elsewhere_worker = UserFactory.create(teams=[child_elsewhere.team])
    episode_at(
        Stage.STAGE_1,
        child=child_elsewhere,
        social_worker=elsewhere_worker,
        team_manager=UserFactory.create(role="team_manager", teams=[child_elsewhere.team]),
    )


def test_the_deputy_director_sees_every_area(client, deputy_director, pathway_children):
    client.force_login(deputy_director)
    stages = _panel(client.get(reverse("dashboard")), "Children by Going Home pathway stage")
    assert stages["Stage 1: living away from home"] == 2
    assert stages["Stage 2: active Going Home plan"] == 1


def test_a_service_manager_sees_their_area_only(client, service_manager, pathway_children):
    client.force_login(service_manager)
    stages = _panel(client.get(reverse("dashboard")), "Children by Going Home pathway stage")
    assert stages["Stage 1: living away from home"] == 1  # child_elsewhere is outside the area


def test_filtering_by_team_and_following_a_number_to_its_children(
    client, deputy_director, pathway_children, child_a, child_b
):
    client.force_login(deputy_director)
    filtered = client.get(reverse("dashboard"), {"team": child_b.team_id})
    stages = _panel(filtered, "Children by Going Home pathway stage")
    assert stages["Stage 1: living away from home"] == 1
    assert stages["Stage 2: active Going Home plan"] == 0
    children = client.get(
        reverse("dashboard_children"), {"metric": "pathway", "value": Stage.STAGE_1, "team": child_b.team_id}
    )
    assert children.context["children"] == [child_b]


def test_the_performance_officer_sees_numbers_but_no_names(client, performance_officer, pathway_children):
    client.force_login(performance_officer)
    page = client.get(reverse("dashboard"))
    assert _panel(page, "Children by Going Home pathway stage")["Stage 1: living away from home"] == 2
    assert "dashboard/children/" not in page.content.decode()
    assert client.get(reverse("dashboard_children"), {"metric": "pathway", "value": "stage_1"}).status_code == 403


def test_trends_count_moves_not_saves(client, deputy_director, pathway_children):
    client.force_login(deputy_director)
    latest = client.get(reverse("dashboard")).context["trend"][-1]
    assert latest.entries == 3  # three pathways started this month
    assert latest.returns_home == 0


def test_a_return_home_counts_once_however_often_the_episode_is_saved_after(
    client, deputy_director, child_a, social_worker, team_manager
):
    from pathways import services
    from pathways.constants import LegalRoute

    episode = episode_at(
        Stage.STAGE_3, child=child_a, social_worker=social_worker, team_manager=team_manager,
        deputy_director=deputy_director,
    )  # fmt: skip
    services.episode_facts_update(
        episode=episode, by=social_worker, fields={"legal_route": LegalRoute.CARE_ORDER_REMAINS}
    )
    # Each history row keeps the stage before it: the save in stage 3 is not a move.
    states = list(episode.history.order_by("history_date", "history_id").values_list("previous_state", "state"))
    assert states[0] == ("", Stage.STAGE_1)
    assert states[-1] == (Stage.STAGE_3, Stage.STAGE_3)
    client.force_login(deputy_director)
    latest = client.get(reverse("dashboard")).context["trend"][-1]
    assert latest.returns_home == 1
    listed = client.get(
        reverse("dashboard_children"), {"metric": "trend", "value": f"returns_home:{timezone.localdate():%Y-%m}"}
    )
    assert listed.context["children"] == [child_a]


def test_a_service_manager_follows_numbers_only_to_children_in_their_area(
    client, service_manager, pathway_children, child_elsewhere
):
    client.force_login(service_manager)
    listed = client.get(reverse("dashboard_children"), {"metric": "pathway", "value": Stage.STAGE_1})
    assert child_elsewhere not in listed.context["children"]
    trend = client.get(
        reverse("dashboard_children"), {"metric": "trend", "value": f"entries:{timezone.localdate():%Y-%m}"}
    )
    assert child_elsewhere not in trend.context["children"]
    assert len(trend.context["children"]) == 2


@pytest.mark.parametrize("value", ["entries:0000-01", "entries:99999999999-01", "entries:2026-13", "entries:x"])
def test_a_trend_link_for_no_real_month_lists_no_children(client, deputy_director, pathway_children, value):
    client.force_login(deputy_director)
    listed = client.get(reverse("dashboard_children"), {"metric": "trend", "value": value})
    assert listed.status_code == 200
    assert list(listed.context["children"]) == []


def test_each_trend_number_links_to_its_children(client, deputy_director, pathway_children, child_a, child_b):
    client.force_login(deputy_director)
    page = client.get(reverse("dashboard"), {"team": child_a.team_id})
    month = timezone.localdate()
    html = page.content.decode()
    link = f"metric=trend&amp;value=entries:{month:%Y-%m}"
    assert link in html
    assert f'1<span class="govuk-visually-hidden"> children: Going Home pathway entries, {month:%B %Y}' in html
    href = next(part for part in html.split('href="') if part.startswith(reverse("dashboard_children") + "?" + link))
    listed = client.get(href.split('"')[0].replace("&amp;", "&"))
    assert listed.context["children"] == [child_a]
    assert listed.context["team"] == child_a.team


def test_every_number_is_the_length_of_its_list(client, deputy_director, pathway_children):
    client.force_login(deputy_director)
    page = client.get(reverse("dashboard"))
    for panel in page.context["panels"]:
        for bar in panel.bars:
            listed = client.get(reverse("dashboard_children"), {"metric": bar.metric, "value": bar.value})
            assert len(listed.context["children"]) == bar.count, (panel.title, bar.label)
    for month in page.context["trend"]:
        for kind in ("entries", "returns_home", "exits"):
            listed = client.get(
                reverse("dashboard_children"), {"metric": "trend", "value": f"{kind}:{month.month:%Y-%m}"}
            )
            assert len(listed.context["children"]) == getattr(month, kind)


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ({"from": "31/02/2026"}, "Enter a date as day/month/year, for example 1/10/2026"),
        ({"to": "next week"}, "Enter a date as day/month/year, for example 1/10/2026"),
        ({"from": "1/1/1990"}, "at most three years, ending no later than today"),
    ],
)
def test_a_date_typed_wrongly_is_explained_and_kept(client, deputy_director, typed, message):
    client.force_login(deputy_director)
    response = client.get(reverse("dashboard"), typed)
    assert response.status_code == 200
    assert any(message in text for text in response.context["errors"].values())
    html = response.content.decode()
    assert "There is a problem" in html
    if "1990" not in next(iter(typed.values())):
        assert f'value="{next(iter(typed.values()))}"' in html


@pytest.mark.parametrize("extra_children", [0, 15])
def test_the_dashboard_query_count_does_not_grow_with_the_children(
    client,
    deputy_director,
    team_a,
    social_worker,
    team_manager,
    service_manager,
    django_assert_max_num_queries,
    extra_children,
):
    from caseflow.models import Deadline, DeadlineStatus
    from reunification.constants import RiskLevel
    from reunification.constants import Step as ReunificationStep
    from tests.reunification.factories import episode_at as reunification_at

    for number in range(extra_children):
        child = ChildFactory.create(team=team_a, looked_after=True, allocated_worker=social_worker)
        episode_at(Stage.STAGE_1, child=child, social_worker=social_worker, team_manager=team_manager)
        Deadline.objects.create(
            kind="pathway_placement_planning",
            child=child,
            clock_key=f"q{number}",
            starts_at=timezone.now(),
            due_at=timezone.now(),
            status=DeadlineStatus.OVERDUE,
        )
        if number % 5 == 0:
            reunification_at(
                ReunificationStep.PLANNING,
                child=child,
                social_worker=social_worker,
                team_manager=team_manager,
                service_manager=service_manager,
                rc1=RiskLevel.MEDIUM,
            )
    client.force_login(deputy_director)
    with django_assert_max_num_queries(15):
        response = client.get(reverse("dashboard"))
    assert response.status_code == 200
    overdue = next(p for p in response.context["panels"] if p.title == "Overdue deadlines by kind")
    assert sum(bar.count for bar in overdue.bars) >= extra_children
