"""Every URL the project defines, for every role, anonymous and a user of another team.

The matrix is checked against the URL resolver: a new view without an entry here fails.
"""

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from caseflow.constants import Role
from caseflow.models import Deadline
from pathways import services
from pathways.constants import AgreementKind, Transition
from pathways.models import TransferChecklistItem
from reunification import services as reunification_services
from tests.caseflow.factories import NetworkPersonFactory, UserFactory
from tests.pathways.factories import pending_request

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
    "logout": everyone(405),  # signing out is a POST
    "admin:index": lambda role: 200 if role == "administrator" else LOGIN,
}
WRITES = {"child_create", "child_edit", "legal_status_create", "placement_create", "network_person_create",
          "network_person_edit", "pathway_start", "pathway_facts", "pathway_action", "pathway_plan",
          "pathway_plan_review", "pathway_transfer_item", "pathway_request", "pathway_unplanned_return",
          "pathway_agreement", "pathway_request_decide", "reunification_identify", "reunification_activity",
          "reunification_assessment", "reunification_cpag", "reunification_police_check", "reunification_goal",
          "reunification_goal_progress", "reunification_classification", "reunification_decision",
          "reunification_move", "reunification_return_home", "reunification_end", "deadline_waive",
          "meeting_create", "criterion_create", "hearing_create", "family_time_create", "event_create",
          "meeting_outcome", "care_decision_create", "meeting_action_create", "meeting_action_done",
          "meeting_agenda", "tracker_meeting", "safety_framework", "mapping_start", "safety_plan_create",
          "next_step_create", "statement_create", "mapping_finalise", "score_create", "plan_rule_create",
          "plan_review_create", "next_step_done"}  # fmt: skip


def _patterns(patterns: list[Any], namespace: str = "") -> dict[str, Any]:
    """Every named URL pattern, by name, with the admin as one entry."""
    found: dict[str, Any] = {}
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                found["admin:index"] = None  # the admin is one entry; its own tests cover its pages
                continue
            prefix = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            found |= _patterns(pattern.url_patterns, prefix)
        elif isinstance(pattern, URLPattern) and pattern.name:
            found[f"{namespace}{pattern.name}"] = pattern
    return found


PATTERNS = _patterns(get_resolver().url_patterns)


def test_every_url_has_an_entry_in_the_matrix():
    assert set(PATTERNS) == set(MATRIX)


def _meeting_objects(child, social_worker) -> dict[str, Any]:
    from meetings import services as meeting_services
    from meetings.constants import MeetingType

    meeting = meeting_services.meeting_record(
        by=social_worker, meeting_type=MeetingType.CARE_PLANNING, held_on=timezone.localdate(),
        chair=UserFactory.create(role=Role.SERVICE_MANAGER), children=[child],
    )  # fmt: skip
    action = meeting_services.action_add(
        meeting=meeting, by=social_worker, description="Book the FGC", owner=social_worker,
        due_on=timezone.localdate(),
    )  # fmt: skip
    from meetings import mapping_services

    mapping = mapping_services.mapping_start(child=child, by=social_worker, mapped_on=timezone.localdate(),
                                             copy_last=False)  # fmt: skip
    statement = mapping_services.statement_save(mapping=mapping, by=social_worker, worry="Worry", goal="Goal",
                                                zero_means="Unsafe", ten_means="Safe")  # fmt: skip
    plan = mapping_services.safety_plan_create(
        child=child, by=social_worker, title="Plan", agreed_on=timezone.localdate()
    )
    step = mapping_services.next_step_add(child=child, by=social_worker, description="Visit", owner=social_worker,
                                          due_on=timezone.localdate())  # fmt: skip
    from reports.services import report_create, run_start

    report = report_create(month=timezone.localdate(), by=None)
    run = run_start(month=timezone.localdate(), by=None)
    return {
        "report_id": report.pk,
        "run_id": run.pk,
        "meeting_id": meeting.pk,
        "action_id": action.pk,
        "mapping_id": mapping.pk,
        "statement_id": statement.pk,
        "plan_id": plan.pk,
        "step_id": step.pk,
    }


def _url(name: str, objects: dict[str, Any]) -> str:
    pattern = PATTERNS[name]
    names = list(pattern.pattern.converters) if pattern is not None else []
    app = name.split("_")[0] if name.startswith(("pathway_", "reunification_")) else ""
    # Each framework's URLs name its own episode as episode_id.
    values = {**objects, "episode_id": objects[f"{app}_episode_id"]} if app else objects
    return reverse(name, kwargs={key: values[key] for key in names})


@pytest.fixture
def objects(child_a, social_worker, team_manager):
    """One of everything a URL can name, all about child_a (in team A)."""
    person = NetworkPersonFactory.create(child=child_a)
    episode = services.episode_start(child=child_a, by=social_worker, activated_at=timezone.now() - timedelta(days=9))
    request = pending_request(episode, by=social_worker)
    reunification = reunification_services.episode_identify(
        child=child_a, by=social_worker, identified_on=timezone.localdate()
    )
    goal = reunification_services.goal_add(
        episode=reunification, by=social_worker, what_must_change="x", evidence="y", by_when=timezone.localdate()
    )
    return {
        "child_id": child_a.pk,
        "person_id": person.pk,
        "pathway_episode_id": episode.pk,
        "reunification_episode_id": reunification.pk,
        "key": "initial_mdt_meeting",
        "item_id": TransferChecklistItem.objects.earliest("position").pk,
        "transition": Transition.AGREE_GOING_HOME,
        "request_id": request.pk,
        "kind": AgreementKind.DEPUTY_DIRECTOR_RETURN,
        "activity": "genogram",
        "goal_id": goal.pk,
        "decision": "decision_1",
        "move": "submit_for_decision_1",
        **_meeting_objects(child_a, social_worker),
        "deadline_id": Deadline.objects.create(
            kind="pathway_placement_planning",
            child=child_a,
            clock_key="matrix",
            starts_at=timezone.now(),
            due_at=timezone.now(),
        ).pk,
    }


@pytest.mark.parametrize("role", ROLES)
def test_get_matrix(request, client, role, objects, child_b):
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))
    failures = []
    before = _history_rows()
    for name, expected in MATRIX.items():
        url = _url(name, objects)
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
        response = client.post(_url(name, objects), posted)
        assert response.status_code == expected, name
    child_a.refresh_from_db()
    assert child_a.given_names == "Amira"
    assert _history_rows() == before


def _history_rows() -> int:
    """Every historical row of every tracked model: a refused POST must add none."""
    from django.apps import apps

    return sum(model._default_manager.count() for model in apps.get_models() if model.__name__.startswith("Historical"))
