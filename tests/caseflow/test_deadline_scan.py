"""The deadline scan: created when a clock starts, met by the record that answers it, overdue,
cancelled, waived; idempotent, and safe as two scans at once."""

import threading
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from caseflow.deadlines import scan
from caseflow.deadlines.registry import rule_for
from caseflow.deadlines.scan import scan_deadlines
from caseflow.models import Deadline, DeadlinePeriod, DeadlineStatus, Notification
from pathways import services as pathway_services
from pathways.constants import ActionStatus, Stage
from tests.pathways.factories import episode_at, pending_request


@pytest.fixture
def started(child_a, social_worker):
    """child_a started living away from home three hours ago."""
    return pathway_services.episode_start(
        child=child_a, by=social_worker, activated_at=timezone.now() - timedelta(hours=3)
    )


def _deadline(kind="pathway_placement_planning"):
    return Deadline.objects.get(kind=kind)


PATHWAY_CLOCKS = {
    "pathway_placement_planning",
    "pathway_cwcf_plan_review",
    "pathway_build_strengths",
    "md_supervision",
    "tracker_review",
    "support_meeting",
    "dd_meeting",
    "lifelong_links_tracker",
}


def test_stage_1_starts_the_pathways_clocks(started):
    scan_deadlines()
    assert set(Deadline.objects.filter(episode_id=started.pk).values_list("kind", flat=True)) == PATHWAY_CLOCKS
    supervision = _deadline("md_supervision")
    assert supervision.due_at.date() == (started.activated_at + timedelta(weeks=8)).date()
    placement = _deadline()
    assert placement.due_at == started.activated_at + timedelta(hours=72)
    assert placement.status == DeadlineStatus.OPEN
    assert _deadline("pathway_build_strengths").due_at.date() >= (started.activated_at + timedelta(days=59)).date()


def _hold_placement_planning_meeting(episode, social_worker):
    pathway_services.action_record(
        episode=episode, by=social_worker, key="placement_planning_meeting", status=ActionStatus.DONE,
        done_on=timezone.localdate(),
    )  # fmt: skip


def test_recording_the_action_meets_the_deadline(started, social_worker):
    scan_deadlines()
    _hold_placement_planning_meeting(started, social_worker)
    scan_deadlines()
    placement = _deadline()
    assert (placement.status, placement.met_on) == (DeadlineStatus.MET, timezone.localdate())
    assert placement.met_by == "Placement planning meeting recorded"


def _told(change):
    rows = Notification.objects.filter(dedupe_key__endswith=f":{change}")
    return sorted(rows.values_list("recipient__username", "subject"))


def test_a_deadline_met_tells_the_worker_and_manager_once(started, social_worker, team_manager):
    scan_deadlines()
    _hold_placement_planning_meeting(started, social_worker)
    scan_deadlines()
    scan_deadlines()
    label = DeadlinePeriod.objects.get(kind="pathway_placement_planning").label
    subject = f"Amira Hassan: {label} was met on {timezone.localdate():%-d %B %Y}"
    assert _told("met") == [("sw1", subject), ("tm1", subject)]


def test_a_deadline_found_already_met_is_reported_as_met_only(started, social_worker, team_manager):
    """A missed scan finds the clock and what met it together: one notification, not two."""
    _hold_placement_planning_meeting(started, social_worker)
    scan_deadlines()
    placement = _deadline()
    assert Notification.objects.filter(dedupe_key=f"deadline:{placement.pk}:met").count() == 2
    assert not Notification.objects.filter(dedupe_key=f"deadline:{placement.pk}:created").exists()


def test_a_deadline_past_due_becomes_overdue_and_tells_the_worker_and_manager(started, social_worker, team_manager):
    scan_deadlines()
    counts = scan_deadlines(now=timezone.now() + timedelta(days=4))
    assert counts["overdue"] == 1
    assert _deadline().status == DeadlineStatus.OVERDUE
    told = set(
        Notification.objects.filter(dedupe_key__endswith=":overdue").values_list("recipient__username", flat=True)
    )
    assert told == {"sw1", "tm1"}


def test_a_rules_roles_are_told_when_they_see_the_child(
    child_a, social_worker, team_manager, team_manager_b, service_manager, head_of_service, team_elsewhere
):
    """High risk standing six months tells the service manager over the child's area, and not one
    over another area; another team's manager is not told either."""
    from reunification.constants import RiskLevel, Step
    from tests.caseflow.factories import UserFactory
    from tests.reunification.factories import episode_at as reunification_at

    elsewhere = UserFactory.create(username="sm9", role="service_manager", service_areas=[team_elsewhere.service_area])
    reunification_at(
        Step.PLANNING, child=child_a, social_worker=social_worker, team_manager=team_manager,
        service_manager=service_manager, head_of_service=head_of_service, rc1=RiskLevel.HIGH,
    )  # fmt: skip
    scan_deadlines()
    assert Deadline.objects.filter(kind="reunification_high_risk_standing").exists()
    told = set(
        Notification.objects.filter(dedupe_key__startswith="deadline:").values_list("recipient__username", flat=True)
    )
    assert {"sw1", "tm1", "sm1"} <= told
    assert not {elsewhere.username, team_manager_b.username} & told


def test_scanning_again_adds_nothing_and_notifies_no_one_twice(started):
    scan_deadlines()
    scan_deadlines(now=timezone.now() + timedelta(days=4))
    before = (Deadline.objects.count(), Notification.objects.count())
    counts = scan_deadlines(now=timezone.now() + timedelta(days=4))
    assert counts["created"] == counts["overdue"] == 0
    assert (Deadline.objects.count(), Notification.objects.count()) == before


def test_a_missed_scan_catches_up(started, social_worker):
    """No scan ran for a week: the next one creates, meets and marks overdue in one pass."""
    pathway_services.action_record(
        episode=started, by=social_worker, key="cwcf_plan_review", status=ActionStatus.DONE,
        done_on=timezone.localdate(),
    )  # fmt: skip
    scan_deadlines(now=timezone.now() + timedelta(days=7))
    assert Deadline.objects.filter(episode_id=started.pk).count() == len(PATHWAY_CLOCKS)
    assert _deadline("pathway_cwcf_plan_review").status == DeadlineStatus.MET
    assert _deadline().status == DeadlineStatus.OVERDUE


def test_leaving_the_pathway_cancels_its_open_deadlines(started, social_worker, team_manager):
    scan_deadlines()
    request = pending_request(started, by=social_worker)
    pathway_services.transition_approve(request=request, by=team_manager, reason="Moved away")
    scan_deadlines()
    episode_deadlines = Deadline.objects.filter(episode_id=started.pk)
    assert set(episode_deadlines.values_list("status", flat=True)) == {DeadlineStatus.CANCELLED}


def test_the_period_is_configuration(started):
    scan_deadlines()
    period = DeadlinePeriod.objects.get(kind="pathway_placement_planning")
    assert (period.amount, period.unit, period.clock) == (72, "hours", "stage 1 activation")


@pytest.mark.django_db(transaction=True)
def test_two_scans_at_once_create_one_deadline_and_one_notification_each(child_a, social_worker, team_manager):
    pathway_services.episode_start(child=child_a, by=social_worker, activated_at=timezone.now() - timedelta(days=5))
    barrier = threading.Barrier(2)
    errors: list[Exception] = []

    def scan():
        try:
            barrier.wait()
            scan_deadlines()
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=scan) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert Deadline.objects.filter(kind="pathway_placement_planning").count() == 1
    keys = list(Notification.objects.values_list("recipient_id", "dedupe_key"))
    assert len(keys) == len(set(keys)) > 0


def test_a_pass_does_not_cancel_a_deadline_made_after_it_read_its_clocks(started):
    """Two scans at once: a pass that read its clocks before a clock appeared must not cancel the
    deadline the other pass made for it (the clock is missing only from the first pass's table)."""
    scan_deadlines()
    deadline = Deadline.objects.get(kind="pathway_placement_planning")
    rule = rule_for("pathway_placement_planning")
    assert rule is not None
    clocks = scan._clocks_once(rule)
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM cf_scan_clocks")  # as read before the clock began
    Deadline.objects.filter(pk=deadline.pk).update(created_at=clocks.read_at + timedelta(seconds=1))
    assert scan._cancel_stale(rule, clocks.read_at) == []
    assert Deadline.objects.get(pk=deadline.pk).status == DeadlineStatus.OPEN
    # A deadline that was there when the clocks were read, and whose clock has gone, is cancelled.
    clocks = scan._clocks_once(rule)
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM cf_scan_clocks")
    assert [str(child) for child in scan._cancel_stale(rule, clocks.read_at + timedelta(seconds=2))] == [
        str(deadline.child_id)
    ]
    assert Deadline.objects.get(pk=deadline.pk).status == DeadlineStatus.CANCELLED


def test_manage_py_scan_deadlines_runs_the_same_service(started, capsys):
    call_command("scan_deadlines")
    assert f"Deadline scan: {Deadline.objects.count()} created" in capsys.readouterr().out
    assert Deadline.objects.filter(episode_id=started.pk).count() == len(PATHWAY_CLOCKS)


def test_a_team_manager_waives_a_deadline_with_a_reason(client, started, team_manager, social_worker):
    scan_deadlines()
    deadline = _deadline()
    client.force_login(team_manager)
    refused = client.post(reverse("deadline_waive", args=[deadline.pk]), {"reason": ""})
    assert refused.context["form"].errors["reason"] == ["Say why this deadline does not apply"]
    client.post(reverse("deadline_waive", args=[deadline.pk]), {"reason": "Placement planned a week ahead"})
    deadline.refresh_from_db()
    assert (deadline.status, deadline.waived_by, deadline.waived_reason) == (
        DeadlineStatus.WAIVED,
        team_manager,
        "Placement planned a week ahead",
    )
    client.force_login(social_worker)
    assert client.post(reverse("deadline_waive", args=[deadline.pk]), {"reason": "x"}).status_code == 403


def test_my_work_lists_my_deadlines_overdue_first(client, social_worker, team_manager, started, child_b):
    scan_deadlines()
    Deadline.objects.filter(kind="pathway_cwcf_plan_review").update(due_at=timezone.now() - timedelta(days=1))
    scan_deadlines()
    client.force_login(social_worker)
    section = next(s for s in client.get(reverse("home")).context["sections"] if s.title == "Your deadlines")
    statuses = [row.deadline.status for row in section.items]
    assert DeadlineStatus.OPEN in statuses
    assert statuses == sorted(statuses, key=lambda status: status != DeadlineStatus.OVERDUE)  # overdue first
    client.force_login(team_manager)
    team = next(
        s for s in client.get(reverse("home")).context["sections"] if s.title == "Your teams' overdue deadlines"
    )
    assert "pathway_cwcf_plan_review" in [row.deadline.kind for row in team.items]
    assert all(row.deadline.status == DeadlineStatus.OVERDUE for row in team.items)


def test_the_child_page_shows_the_childs_deadlines(client, social_worker, started, child_a):
    scan_deadlines()
    client.force_login(social_worker)
    page = client.get(reverse("child_detail", args=[child_a.pk])).content.decode()
    assert "Placement information and placement planning meeting" in page
    assert "&#x27;Children we care for&#x27; plan review" in page


def test_the_60_day_window_before_a_planned_return(social_worker, team_manager, child_a):
    episode = episode_at(Stage.STAGE_2, child=child_a, social_worker=social_worker, team_manager=team_manager)
    scan_deadlines()
    window = _deadline("pathway_final_60_days")
    assert episode.planned_return_date is not None
    assert window.due_at.date() == episode.planned_return_date - timedelta(days=60)


def test_notifications_are_emailed_once(started, settings):
    scan_deadlines()
    from caseflow import notifications

    sent = notifications.deliver_pending()
    assert sent == len(mail.outbox) > 0
    assert notifications.deliver_pending() == 0
