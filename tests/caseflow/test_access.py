"""Who sees which child (SPEC section 1), through the one selector every page uses."""

import pytest

from caseflow import selectors
from caseflow.constants import Role
from tests.caseflow.factories import ChildFactory, UserFactory

# role fixture -> which of (child_a in team A, child_b in team B, child_elsewhere) it sees
EXPECTED = {
    "social_worker": {"child_a"},
    "social_worker_2": {"child_a"},
    "social_worker_team_b": {"child_b"},
    "advanced_practitioner": {"child_a"},
    "team_manager": {"child_a"},
    "team_manager_b": {"child_b"},
    "service_manager": {"child_a", "child_b"},
    "head_of_service": {"child_a", "child_b", "child_elsewhere"},
    "deputy_director": {"child_a", "child_b", "child_elsewhere"},
    "iro": {"child_a"},
    "performance_officer": set(),
    "administrator": set(),
}


@pytest.mark.parametrize(("role_fixture", "expected"), EXPECTED.items())
def test_each_role_sees_exactly_its_children(request, role_fixture, expected, child_a, child_b, child_elsewhere):
    user = request.getfixturevalue(role_fixture)
    children = {"child_a": child_a, "child_b": child_b, "child_elsewhere": child_elsewhere}
    visible = set(selectors.children_visible_to(user=user))
    assert visible == {children[name] for name in expected}


def test_a_worker_sees_a_child_allocated_to_them_in_another_team(social_worker, child_b):
    child_b.allocated_worker = social_worker
    child_b.save()
    assert list(selectors.children_visible_to(user=social_worker)) == [child_b]


def test_a_child_appears_once_however_many_teams_and_members_match(team_a, team_b, social_worker, child_a):
    UserFactory(role=Role.SOCIAL_WORKER, teams=[team_a, team_b])
    social_worker.teams.add(team_b)
    assert selectors.children_visible_to(user=social_worker).filter(pk=child_a.pk).count() == 1


def test_a_disabled_account_sees_nothing(social_worker, child_a):
    social_worker.is_active = False
    social_worker.save()
    assert not selectors.children_visible_to(user=social_worker).exists()


def test_a_service_manager_with_every_area_sees_every_child(service_manager, child_elsewhere):
    service_manager.sees_all_areas = True
    service_manager.save()
    assert child_elsewhere in selectors.children_visible_to(user=service_manager)


def test_search_and_filters_never_reach_outside_access(social_worker, child_b, team_b):
    ChildFactory(team=team_b, given_names="Ellis", family_name="Other")
    found = selectors.child_list_for_user(user=social_worker, search="Ellis")
    assert list(found) == []
    assert list(selectors.child_list_for_user(user=social_worker, team=team_b)) == []
