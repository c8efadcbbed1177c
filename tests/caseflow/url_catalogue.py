"""One of everything a URL can name, and every named URL: shared by the permission matrix and the
fuzz of every form, so both cover the same views."""

from datetime import timedelta
from typing import Any

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

# Views that change something when posted to.
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
          "next_step_create", "statement_create", "statement_edit", "mapping_finalise", "score_create",
          "plan_rule_create", "plan_review_create", "next_step_done", "two_factor"}  # fmt: skip


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


def url_for(name: str, objects: dict[str, Any]) -> str:
    pattern = PATTERNS[name]
    names = list(pattern.pattern.converters) if pattern is not None else []
    app = name.split("_")[0] if name.startswith(("pathway_", "reunification_")) else ""
    # Each framework's URLs name its own episode as episode_id.
    values = {**objects, "episode_id": objects[f"{app}_episode_id"]} if app else objects
    return reverse(name, kwargs={key: values[key] for key in names})


def one_of_everything(child_a: Any, social_worker: Any) -> dict[str, Any]:
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
