"""Every URL the project defines, for every role, anonymous and a user of another team.

The matrix is checked against the URL resolver: a new view without an entry here fails.
"""

from collections.abc import Callable

import pytest

from tests.caseflow.url_catalogue import PATTERNS, ROLES, WRITES, one_of_everything, url_for

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


def deputy_director_only(role: str) -> int:
    if role == "anonymous":
        return LOGIN
    if role not in SEES_CHILD_A:
        return 404
    return 200 if role == "deputy_director" else 403


def identify(role: str) -> int:
    """Social workers (and other recording roles) and the child's IRO identify candidates."""
    if role == "anonymous":
        return LOGIN
    if role not in SEES_CHILD_A:
        return 404
    return 200 if role in RECORDS | {"iro"} else 403


def team_a_manager_only(role: str) -> int:
    if role == "anonymous":
        return LOGIN
    if role not in SEES_CHILD_A:
        return 404
    return 200 if role == "team_manager" else 403


REPORT_READERS = {"social_worker", "social_worker_team_b", "advanced_practitioner", "team_manager", "team_manager_b",
                  "service_manager", "head_of_service", "deputy_director", "performance_officer"}  # fmt: skip
DASHBOARD_READERS = {"service_manager", "head_of_service", "deputy_director", "performance_officer"}


def report_readers(role: str) -> int:
    return LOGIN if role == "anonymous" else (200 if role in REPORT_READERS else 403)


def dashboard_readers(role: str) -> int:
    return LOGIN if role == "anonymous" else (200 if role in DASHBOARD_READERS else 403)


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
    "child_as_it_was": child_page,
    "child_edit": child_write,
    "legal_status_create": child_write,
    "placement_create": child_write,
    "network_person_create": child_write,
    "network_person_edit": child_write,
    "pathway_start": child_write,
    "pathway_episode": child_page,
    "pathway_facts": child_write,
    "pathway_action": child_write,
    "pathway_plan": child_write,
    "pathway_plan_review": child_write,
    "pathway_transfer_item": child_write,
    "pathway_request": child_write,
    "pathway_request_decide": child_page,  # reading a request; deciding is tested in tests/pathways
    "pathway_unplanned_return": child_write,
    "pathway_agreement": deputy_director_only,  # with kind=dd_return_home
    "reunification_identify": identify,
    "reunification_episode": child_page,
    "reunification_monitoring": child_page,
    "reunification_activity": child_write,
    "reunification_assessment": child_write,
    "reunification_cpag": child_write,
    "reunification_police_check": child_write,
    "reunification_goal": child_write,
    "reunification_goal_progress": child_write,
    "reunification_classification": identify,
    "reunification_decision": team_a_manager_only,  # with decision=decision_1
    "reunification_move": child_write,
    "reunification_return_home": child_write,
    "reunification_end": team_a_manager_only,
    "deadline_waive": team_a_manager_only,
    "notification_list": everyone(200),
    "notifications_read": everyone(405),  # a POST; each user marks only their own
    "child_meetings": child_page,
    "meeting_create": child_write,
    "criterion_create": child_write,
    "hearing_create": child_write,
    "family_time_create": child_write,
    "event_create": child_write,
    "tracker_meeting": lambda role: LOGIN if role == "anonymous" else (200 if role in RECORDS else 403),
    "meeting_detail": child_page,
    "meeting_outcome": child_write,
    "care_decision_create": child_write,
    "meeting_action_create": child_write,
    "meeting_action_done": child_write,
    "meeting_agenda": child_write,
    "safety_overview": child_page,
    "safety_framework": child_write,
    "mapping_start": child_write,
    "safety_plan_create": child_write,
    "next_step_create": child_write,
    "young_persons_report": child_page,
    "risk_table": child_page,
    "mapping_detail": child_page,
    "mapping_compare": child_page,
    "statement_create": child_write,
    "statement_edit": child_write,
    "mapping_finalise": child_write,
    "score_create": child_write,
    "plan_rule_create": child_write,
    "plan_review_create": child_write,
    "next_step_done": child_write,
    "pob_list": report_readers,
    "pob_generate": everyone(405),  # a POST
    "pob_run": report_readers,
    "pob_detail": report_readers,
    "pob_csv": report_readers,
    "pob_xlsx": report_readers,
    "dashboard": dashboard_readers,
    "dashboard_children": lambda role: 403 if role == "performance_officer" else dashboard_readers(role),
    "healthz": lambda role: 200,
    "login": lambda role: 200,
    "two_factor": everyone(200),  # setting up an authenticator app; no demo role requires it
    "logout": everyone(405),  # signing out is a POST
    "admin:index": lambda role: 200 if role == "administrator" else LOGIN,
}


def test_every_url_has_an_entry_in_the_matrix():
    assert set(PATTERNS) == set(MATRIX)


@pytest.fixture
def objects(child_a, social_worker):
    return one_of_everything(child_a, social_worker)


@pytest.mark.parametrize("role", ROLES)
def test_get_matrix(request, client, role, objects, child_b):
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))
    failures = []
    before = _history_rows()
    for name, expected in MATRIX.items():
        url = url_for(name, objects)
        status = client.get(url).status_code
        if status != expected(role):
            failures.append(f"{name} ({url}): expected {expected(role)}, got {status}")
    assert failures == []
    assert _history_rows() == before  # no GET writes (opening a child's page writes only the access log)


@pytest.mark.parametrize("role", ROLES)
def test_refused_posts_change_nothing(request, client, role, objects, child_a):
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))
    before = _history_rows()
    posted = {"given_names": "Changed", "name": "Changed", "reason": "x", "decision": "approve", "status": "done",
              "outcome": "agreed", "rationale": "x", "route": "support"}  # fmt: skip
    for name in WRITES:
        expected = MATRIX[name](role)
        if expected == 200:
            continue
        response = client.post(url_for(name, objects), posted)
        assert response.status_code == expected, name
    child_a.refresh_from_db()
    assert child_a.given_names == "Amira"
    assert _history_rows() == before


def _history_rows() -> int:
    """Every historical row of every tracked model: a refused POST must add none."""
    from django.apps import apps

    return sum(model._default_manager.count() for model in apps.get_models() if model.__name__.startswith("Historical"))
