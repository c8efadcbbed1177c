"""The reunification framework's deadlines (SPEC section 7): where each clock starts, when it falls
due, and the record that meets it, recorded through the pages (and, for reviews, as meetings)."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import time_machine
from dateutil.relativedelta import relativedelta
from django.urls import reverse
from django.utils import timezone

from caseflow.deadlines.scan import scan_deadlines
from caseflow.models import Deadline, DeadlineStatus
from meetings.constants import MeetingType
from reunification.constants import ClassificationKind, RiskLevel, Step
from tests.meetings.factories import meeting_held

LONDON = ZoneInfo("Europe/London")


def _day(prefix, day):
    return {f"{prefix}_day": day.day, f"{prefix}_month": day.month, f"{prefix}_year": day.year}


def _due(deadline):
    return timezone.localtime(deadline.due_at).date()


def _activity(client, episode, key, day, **extra):
    response = client.post(
        reverse("reunification_activity", args=[episode.pk, key]), {**_day("done_on", day), "note": "", **extra}
    )
    assert response.status_code == 302


def test_the_mid_point_supervision_falls_halfway_through_the_rha_timetable(client, social_worker, at_step):
    episode = at_step(Step.ASSESSMENT)
    client.force_login(social_worker)
    started = timezone.localdate() - timedelta(days=10)
    saved = client.post(
        reverse("reunification_assessment", args=[episode.pk]),
        {**_day("rha_started_on", started), **_day("rha_due_on", started + timedelta(days=60))},
    )
    assert saved.status_code == 302
    scan_deadlines()
    deadline = Deadline.objects.get(kind="reunification_mid_point_supervision")
    assert _due(deadline) == started + timedelta(days=30)
    _activity(client, episode, "mid_point_supervision", timezone.localdate())
    scan_deadlines()
    deadline.refresh_from_db()
    assert (deadline.status, deadline.met_on) == (DeadlineStatus.MET, timezone.localdate())


def test_the_planning_review_is_due_three_months_after_the_planning_meeting(client, social_worker, at_step):
    episode = at_step(Step.PLANNING)
    client.force_login(social_worker)
    meeting_day = timezone.localdate() - timedelta(days=20)
    _activity(client, episode, "planning_meeting", meeting_day)
    scan_deadlines()
    deadline = Deadline.objects.get(kind="reunification_planning_review")
    assert _due(deadline) == meeting_day + relativedelta(months=3)
    _activity(client, episode, "planning_review", timezone.localdate())  # any time from planning on
    scan_deadlines()
    deadline.refresh_from_db()
    assert deadline.status == DeadlineStatus.MET


def test_six_months_after_the_return_rc3_and_the_outcomes_tool_and_sdq(client, social_worker, at_step):
    episode = at_step(Step.AT_HOME, start_days_ago=400)  # home 70 days ago
    returned = episode.returned_home_on
    scan_deadlines()
    rc3 = Deadline.objects.get(kind="reunification_rc3")
    outcomes = Deadline.objects.get(kind="reunification_outcomes_sdq")
    assert _due(rc3) == _due(outcomes) == returned + relativedelta(months=6)
    client.force_login(social_worker)
    client.post(
        reverse("reunification_classification", args=[episode.pk]),
        {"kind": ClassificationKind.RC3, "level": RiskLevel.LOW, "rationale": "Low at home",
         **_day("classified_on", timezone.localdate())},
    )  # fmt: skip
    _activity(client, episode, "outcomes_tool_sdq", timezone.localdate())
    scan_deadlines()
    assert Deadline.objects.get(pk=rc3.pk).status == DeadlineStatus.MET
    assert Deadline.objects.get(pk=outcomes.pk).status == DeadlineStatus.MET


def test_reviews_every_six_months_and_a_tac_meeting_between_them_restart_at_each_review(
    client, social_worker, child_a, at_step
):
    episode = at_step(Step.AT_HOME, start_days_ago=400)
    returned = episode.returned_home_on
    scan_deadlines()
    tac = Deadline.objects.get(kind="reunification_tac_meeting")
    review = Deadline.objects.get(kind="reunification_review_after_return")
    assert (_due(tac), _due(review)) == (returned + relativedelta(months=3), returned + relativedelta(months=6))

    # A TAC meeting recorded in the meetings app, then the first review recorded on the episode.
    client.force_login(social_worker)
    meeting_held(MeetingType.TAC, child=child_a, by=social_worker, held_on=returned + timedelta(days=40))
    review_day = returned + timedelta(days=60)
    _activity(client, episode, "cic_review_at_home", review_day)
    scan_deadlines()
    assert Deadline.objects.get(pk=tac.pk).status == DeadlineStatus.MET
    assert (Deadline.objects.get(pk=review.pk).status, Deadline.objects.get(pk=review.pk).met_on) == (
        DeadlineStatus.MET, review_day
    )  # fmt: skip
    next_tac = Deadline.objects.get(kind="reunification_tac_meeting", status=DeadlineStatus.OPEN)
    next_review = Deadline.objects.get(kind="reunification_review_after_return", status=DeadlineStatus.OPEN)
    assert (_due(next_tac), _due(next_review)) == (
        review_day + relativedelta(months=3), review_day + relativedelta(months=6)
    )  # fmt: skip

    # Six months on, the next review is a CWCF review meeting: it meets the clock and restarts it.
    later = datetime.combine(review_day + relativedelta(months=6), time(12), tzinfo=LONDON)
    with time_machine.travel(later, tick=False):
        scan_deadlines()
        assert Deadline.objects.get(pk=next_tac.pk).status == DeadlineStatus.OVERDUE
        meeting_held(MeetingType.CWCF_REVIEW, child=child_a, by=social_worker)
        scan_deadlines()
        assert Deadline.objects.get(pk=next_review.pk).status == DeadlineStatus.MET
        # the TAC meeting missed between those reviews no longer applies once the next review is held
        assert Deadline.objects.get(pk=next_tac.pk).status == DeadlineStatus.CANCELLED
        assert _due(Deadline.objects.get(kind="reunification_review_after_return", status=DeadlineStatus.OPEN)) == (
            timezone.localdate() + relativedelta(months=6)
        )


def test_closing_the_episode_ends_its_clocks(client, team_manager, at_step):
    episode = at_step(Step.AT_HOME, start_days_ago=900)
    scan_deadlines()
    from reunification import services

    services.classification_record(
        episode=episode, by=team_manager, kind=ClassificationKind.RC3, level=RiskLevel.LOW,
        classified_on=timezone.localdate() - timedelta(days=300), rationale="Low",
    )  # fmt: skip
    client.force_login(team_manager)
    client.post(
        reverse("reunification_end", args=[episode.pk]),
        {"how": "close", "outcome": "Sustained", **_day("on", timezone.localdate())},
    )
    scan_deadlines()
    live = Deadline.objects.filter(episode_id=episode.pk, status__in=[DeadlineStatus.OPEN, DeadlineStatus.OVERDUE])
    assert not live.exists()
