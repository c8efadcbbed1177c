"""The admin: administrators manage users, teams and roles; nobody else gets in."""

from django.urls import reverse

from caseflow.constants import Role
from caseflow.models import ChildAccessLog, User
from tests.caseflow.factories import UserFactory


def test_an_administrator_reaches_users_teams_and_the_access_log(client, administrator):
    client.force_login(administrator)
    for name in ("admin:index", "admin:caseflow_user_changelist", "admin:caseflow_team_changelist",
                 "admin:caseflow_servicearea_changelist", "admin:caseflow_childaccesslog_changelist"):  # fmt: skip
        assert client.get(reverse(name)).status_code == 200, name


def test_staff_who_are_not_administrators_cannot_reach_the_admin(client, team_a):
    manager = UserFactory.create(role=Role.TEAM_MANAGER, is_staff=True, is_superuser=True, teams=[team_a])
    client.force_login(manager)
    response = client.get(reverse("admin:caseflow_user_changelist"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


def test_an_administrator_assigns_a_role_and_teams(client, administrator, social_worker, team_b):
    client.force_login(administrator)
    response = client.post(
        reverse("admin:caseflow_user_change", args=[social_worker.pk]),
        {
            "username": social_worker.username,
            "first_name": social_worker.first_name,
            "last_name": social_worker.last_name,
            "email": "",
            "is_active": "on",
            "role": Role.TEAM_MANAGER,
            "teams": [team_b.pk],
            "date_joined_0": "2026-01-01",
            "date_joined_1": "09:00:00",
        },
    )
    assert response.status_code == 302, response.context["adminform"].errors if response.context else ""
    social_worker.refresh_from_db()
    assert social_worker.role == Role.TEAM_MANAGER
    assert list(social_worker.teams.all()) == [team_b]
    assert social_worker.history.first().history_user == administrator


def test_the_access_log_is_read_only_in_the_admin(client, administrator, social_worker, child_a):
    entry = ChildAccessLog.objects.create(user=social_worker, child=child_a, path="/children/")
    client.force_login(administrator)
    assert client.get(reverse("admin:caseflow_childaccesslog_add")).status_code == 403
    assert (
        client.post(reverse("admin:caseflow_childaccesslog_delete", args=[entry.pk]), {"post": "yes"}).status_code
        == 403
    )
    change = client.post(reverse("admin:caseflow_childaccesslog_change", args=[entry.pk]), {"path": "/edited"})
    assert change.status_code == 403
    entry.refresh_from_db()
    assert entry.path == "/children/"


def test_history_is_not_reverted_from_the_admin(client, administrator, social_worker):
    social_worker.first_name = "Changed"
    social_worker.save()
    client.force_login(administrator)
    oldest = social_worker.history.last()
    url = reverse("admin:caseflow_user_simple_history", args=[social_worker.pk, oldest.history_id])
    page = client.get(url)
    assert page.status_code == 200
    assert b"Revert" not in page.content
    refused = client.post(
        url,
        {
            "username": social_worker.username,
            "first_name": oldest.first_name,
            "last_name": social_worker.last_name,
            "is_active": "on",
            "role": social_worker.role,
            "date_joined_0": "2026-01-01",
            "date_joined_1": "09:00:00",
        },
    )
    assert refused.status_code == 403
    assert User.objects.get(pk=social_worker.pk).first_name == "Changed"
