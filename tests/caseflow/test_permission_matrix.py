"""Every URL the project defines, for every role, anonymous and a user of another team.

The matrix is checked against the URL resolver: a new view without an entry here fails.
"""

from collections.abc import Callable
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from caseflow.models import Child
from tests.caseflow.factories import NetworkPersonFactory

ROLES = [
    "anonymous",
    "social_worker",
    "social_worker_team_b",  # the user of another team
    "advanced_practitioner",
    "team_manager",
    "team_manager_b",
    "service_manager",
    "head_of_service",
    "deputy_director",
    "iro",
    "performance_officer",
    "administrator",
]
SEES_CHILD_A = {"social_worker", "advanced_practitioner", "team_manager", "service_manager", "head_of_service",
                "deputy_director", "iro"}  # fmt: skip
RECORDS = {"social_worker", "social_worker_team_b", "advanced_practitioner", "team_manager", "team_manager_b",
           "service_manager", "head_of_service"}  # fmt: skip
LOGIN = 302


def everyone(status: int) -> Callable[[str], int]:
    return lambda role: LOGIN if role == "anonymous" else status


def child_page(role: str) -> int:
    if role == "anonymous":
        return LOGIN
    return 200 if role in SEES_CHILD_A else 404


def child_write(role: str) -> int:
    if role == "anonymous":
        return LOGIN
    if role not in SEES_CHILD_A:
        return 404
    return 200 if role in RECORDS else 403


def add_child(role: str) -> int:
    if role == "anonymous":
        return LOGIN
    return 200 if role in RECORDS else 403


# url name -> expected GET status for each role
MATRIX: dict[str, Callable[[str], int]] = {
    "home": everyone(200),
    "child_list": everyone(200),
    "child_create": add_child,
    "child_detail": child_page,
    "child_history": child_page,
    "child_edit": child_write,
    "legal_status_create": child_write,
    "placement_create": child_write,
    "network_person_create": child_write,
    "network_person_edit": child_write,
    "healthz": lambda role: 200,
    "login": lambda role: 200,
    "logout": everyone(405),  # signing out is a POST
    "admin:index": lambda role: 200 if role == "administrator" else LOGIN,
}
WRITES = {"child_create", "child_edit", "legal_status_create", "placement_create", "network_person_create",
          "network_person_edit"}  # fmt: skip


def _names(patterns: list[Any], namespace: str = "") -> set[str]:
    names: set[str] = set()
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                names.add("admin:index")  # the admin is one entry; its own tests cover its pages
                continue
            names |= _names(
                pattern.url_patterns, f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            )
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(f"{namespace}{pattern.name}")
    return names


def test_every_url_has_an_entry_in_the_matrix():
    assert _names(get_resolver().url_patterns) == set(MATRIX)


def _url(name: str, child: Child, person_id: int) -> str:
    if name == "network_person_edit":
        return reverse(name, kwargs={"child_id": child.pk, "person_id": person_id})
    if name.startswith("child_") and name not in {"child_list", "child_create"} or name in WRITES - {"child_create"}:
        return reverse(name, kwargs={"child_id": child.pk})
    return reverse(name)


@pytest.mark.parametrize("role", ROLES)
def test_get_matrix(request, client, role, child_a, child_b):
    person = NetworkPersonFactory.create(child=child_a)
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))
    failures = []
    for name, expected in MATRIX.items():
        url = _url(name, child_a, person.pk)
        status = client.get(url).status_code
        if status != expected(role):
            failures.append(f"{name} ({url}): expected {expected(role)}, got {status}")
    assert failures == []


@pytest.mark.parametrize("role", ROLES)
def test_refused_posts_change_nothing(request, client, role, child_a):
    person = NetworkPersonFactory.create(child=child_a)
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))
    history_before = child_a.history.count() + child_a.network.model.history.count()
    for name in WRITES:
        expected = MATRIX[name](role)
        if expected == 200:
            continue
        response = client.post(_url(name, child_a, person.pk), {"given_names": "Changed", "name": "Changed"})
        assert response.status_code == expected, name
    child_a.refresh_from_db()
    assert child_a.given_names == "Amira"
    assert child_a.history.count() + child_a.network.model.history.count() == history_before
