"""The demo data `make run` seeds: one or more users per role, and it can run again."""

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from caseflow import selectors
from caseflow.constants import Role
from caseflow.demo import USERS
from caseflow.models import Child, NetworkPerson, User
from pathways.models import PathwayEpisode
from reports.models import PobReport


def test_seeding_twice_changes_nothing(db, settings):
    call_command("seed_demo")
    counts = (User.objects.count(), Child.objects.count(), NetworkPerson.objects.count(), Child.history.count())
    dates = list(PathwayEpisode.history.order_by("history_id").values_list("history_date", flat=True))
    call_command("seed_demo")
    assert (User.objects.count(), Child.objects.count(), NetworkPerson.objects.count(), Child.history.count()) == counts
    assert list(PathwayEpisode.history.order_by("history_id").values_list("history_date", flat=True)) == dates


def test_the_demo_story_fills_last_months_report_and_the_dashboard_trends(client, db):
    """The demo's past is spread over the year, so a Deputy Director trying it sees real figures."""
    call_command("seed_demo")
    call_command("pob_report")  # last month's, as beat makes it
    client.force_login(User.objects.get(username="dd1"))
    page = client.get(reverse("pob_detail", args=[PobReport.objects.get().pk]))
    totals = {
        section["key"]: sum(row["overall"] or 0 for row in section["rows"]) for section in page.context["sections"]
    }
    assert totals["pathway_entries"] > 0
    assert totals["returns_home"] > 0
    assert totals["reunification_decisions"] > 0
    trend = client.get(reverse("dashboard")).context["trend"]
    assert len(trend) == 12
    assert sum(1 for month in trend if month.entries) >= 6


def test_every_role_of_the_spec_has_a_demo_user(db):
    call_command("seed_demo")
    demo_roles = set(User.objects.values_list("role", flat=True))
    expected = set(Role) - {Role.FOSTERING_TEAM_MANAGER, Role.CORPORATE_DIRECTOR}
    assert expected <= demo_roles
    assert {username for username, *_ in USERS} <= set(User.objects.values_list("username", flat=True))


def test_demo_users_sign_in_with_the_demo_password(client, db, settings):
    call_command("seed_demo")
    response = client.post(reverse("login"), {"username": "sw1", "password": settings.CASEFLOW_DEMO_PASSWORD})
    assert response.status_code == 302
    assert response.url == reverse("home")


def test_demo_caseloads_follow_the_access_rules(db):
    call_command("seed_demo")
    sw1, sw3, iro1, perf1 = (User.objects.get(username=name) for name in ("sw1", "sw3", "iro1", "perf1"))
    sw1_children = set(selectors.children_visible_to(user=sw1))
    sw3_children = set(selectors.children_visible_to(user=sw3))
    assert sw1_children
    assert sw3_children
    assert not sw1_children & sw3_children
    iro_children = set(selectors.children_visible_to(user=iro1))
    assert iro_children & sw1_children
    assert iro_children & sw3_children
    assert not selectors.children_visible_to(user=perf1).exists()


def test_demo_data_is_refused_without_a_demo_password(db, settings):
    settings.CASEFLOW_DEMO_PASSWORD = ""
    with pytest.raises(CommandError, match="demo settings only"):
        call_command("seed_demo")
    assert not User.objects.exists()
