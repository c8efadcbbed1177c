"""The handbook's timescales and the looked-after clocks, from what a user records on the child's
meetings page, with time travel: each clock starts where SPEC section 7 says, falls due on the day
its period gives (working days skip bank holidays; clock hours ignore the clock change), and is
met by the record that answers it."""

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from caseflow.deadlines.scan import scan_deadlines
from caseflow.models import Deadline, DeadlineStatus
from meetings.constants import MeetingType
from tests.caseflow.factories import ChildFactory
from tests.meetings.factories import meeting_held

LONDON = ZoneInfo("Europe/London")


def _at(day: date, hour: int = 12, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=LONDON)


def _event(client, child, kind, when: datetime, **extra):
    local = when.astimezone(LONDON)
    response = client.post(
        reverse("event_create", args=[child.pk]),
        {"kind": kind, "happened_at_0": f"{local:%d/%m/%Y}", "happened_at_1": f"{local:%H:%M}", **extra},
    )
    assert response.status_code == 302, response.context["form"].errors
    assert response.url == f"/children/{child.pk}/meetings/"  # recorded (not sent to sign in)


def _due(kind):
    return timezone.localtime(Deadline.objects.get(kind=kind).due_at)


def _status(kind):
    return Deadline.objects.get(kind=kind).status


@pytest.fixture
def child(team_a, social_worker):
    """A child referred to the service, not looked after (no clocks of their own yet)."""
    return ChildFactory.create(team=team_a, allocated_worker=social_worker, date_of_birth=date(2015, 6, 1))


def test_the_first_visit_is_due_5_working_days_after_the_referral_skipping_christmas(client, social_worker, child):
    with time_machine.travel(_at(date(2026, 12, 18), 15), tick=False):  # a Friday
        client.force_login(social_worker)
        _event(client, child, "referral", _at(date(2026, 12, 18), 10))
        scan_deadlines()
        # Mon 21, Tue 22, Wed 23, Thu 24; 25 Dec and the substitute Boxing Day (28th) are holidays
        assert _due("first_visit").date() == date(2026, 12, 29)
    with time_machine.travel(_at(date(2026, 12, 29), 23, 0), tick=False):
        scan_deadlines()
        assert _status("first_visit") == DeadlineStatus.OPEN
        client.force_login(social_worker)  # sessions time out across the days
        _event(client, child, "first_visit", _at(date(2026, 12, 29), 16))
        scan_deadlines()
        assert _status("first_visit") == DeadlineStatus.MET


def test_a_call_is_returned_within_24_clock_hours_across_the_clock_change(client, social_worker, child):
    with time_machine.travel(_at(date(2027, 3, 27), 21), tick=False):  # clocks go forward at 01:00 on the 28th
        client.force_login(social_worker)
        _event(client, child, "family_call", _at(date(2027, 3, 27), 20))
        scan_deadlines()
        due = _due("call_returned")
        elapsed = due.astimezone(UTC) - _at(date(2027, 3, 27), 20).astimezone(UTC)  # not wall-clock time
        assert elapsed.total_seconds() == 24 * 3600
        assert f"{due:%Y-%m-%d %H:%M %Z}" == "2027-03-28 21:00 BST"
    with time_machine.travel(_at(date(2027, 3, 28), 21, 1), tick=False):
        scan_deadlines()
        assert _status("call_returned") == DeadlineStatus.OVERDUE


def test_a_team_around_the_family_meeting_6_days_after_allocation(client, social_worker, child):
    with time_machine.travel(_at(date(2026, 10, 20)), tick=False):
        client.force_login(social_worker)
        _event(client, child, "allocated_family_worker", _at(date(2026, 10, 20), 9))
        scan_deadlines()
        assert _due("taf_meeting").date() == date(2026, 10, 26)
    with time_machine.travel(_at(date(2026, 10, 27)), tick=False):
        scan_deadlines()
        assert _status("taf_meeting") == DeadlineStatus.OVERDUE
        meeting_held(MeetingType.TAF, child=child, by=social_worker)
        scan_deadlines()
        deadline = Deadline.objects.get(kind="taf_meeting")
        assert (deadline.status, deadline.met_on) == (DeadlineStatus.MET, date(2026, 10, 27))


def test_reports_are_shared_3_days_before_a_child_protection_conference(client, social_worker, child):
    with time_machine.travel(_at(date(2026, 11, 2)), tick=False):
        client.force_login(social_worker)
        _event(client, child, "cp_conference_booked", _at(date(2026, 11, 16), 10))  # a conference to come
        scan_deadlines()
        assert _due("conference_reports_shared").date() == date(2026, 11, 13)
        _event(client, child, "reports_shared", _at(date(2026, 11, 2), 11))
        scan_deadlines()
        assert _status("conference_reports_shared") == DeadlineStatus.MET


def test_child_in_need_reviews_at_least_every_3_months_from_the_last(social_worker, child):
    with time_machine.travel(_at(date(2026, 8, 31)), tick=False):
        meeting_held(MeetingType.CIN_REVIEW, child=child, by=social_worker)
        scan_deadlines()
        assert _due("cin_review").date() == date(2026, 11, 30)  # 31 November does not exist
    with time_machine.travel(_at(date(2026, 11, 20)), tick=False):
        meeting_held(MeetingType.CIN_REVIEW, child=child, by=social_worker)
        scan_deadlines()
        first, second = Deadline.objects.filter(kind="cin_review").order_by("due_at")
        assert (first.status, first.met_on) == (DeadlineStatus.MET, date(2026, 11, 20))
        assert (second.status, timezone.localtime(second.due_at).date()) == (DeadlineStatus.OPEN, date(2027, 2, 20))


def test_the_permanence_plan_is_due_by_the_second_cwcf_review(client, social_worker, child):
    with time_machine.travel(_at(date(2026, 12, 14)), tick=False):
        client.force_login(social_worker)
        client.post(
            reverse("legal_status_create", args=[child.pk]),
            {"status": "s20", "start_date_day": 14, "start_date_month": 12, "start_date_year": 2026},
        )
        scan_deadlines()
        # the first review within 20 working days (14 January 2027), the second three months after it
        assert _due("permanence_plan").date() == date(2027, 4, 14)
    with time_machine.travel(_at(date(2027, 2, 1)), tick=False):
        client.force_login(social_worker)
        _event(client, child, "permanence_plan", _at(date(2027, 2, 1), 11))
        scan_deadlines()
        assert _status("permanence_plan") == DeadlineStatus.MET


def test_a_permanence_plan_agreed_the_day_the_child_became_looked_after_meets_it(client, social_worker, child):
    with time_machine.travel(_at(date(2026, 12, 14), 16), tick=False):
        client.force_login(social_worker)
        client.post(
            reverse("legal_status_create", args=[child.pk]),
            {"status": "s20", "start_date_day": 14, "start_date_month": 12, "start_date_year": 2026},
        )
        _event(client, child, "permanence_plan", _at(date(2026, 12, 14), 11))
        scan_deadlines()
        assert _status("permanence_plan") == DeadlineStatus.MET


def test_the_deadlines_show_on_the_childs_page_and_my_work_overdue_first(client, social_worker, team_manager, child):
    with time_machine.travel(_at(date(2026, 10, 20)), tick=False):
        client.force_login(social_worker)
        _event(client, child, "allocated_family_worker", _at(date(2026, 10, 20), 9))
        _event(client, child, "referral", _at(date(2026, 10, 20), 9))
    with time_machine.travel(_at(date(2026, 10, 27)), tick=False):
        client.force_login(social_worker)
        scan_deadlines()  # the TAF meeting (26 Oct) is overdue; the first visit (27 Oct) is due today
        sections = client.get(reverse("home")).context["sections"]
        mine = next(s for s in sections if s.title == "Your deadlines")
        assert [row.deadline.kind for row in mine.items] == ["taf_meeting", "first_visit"]
        page = client.get(reverse("child_detail", args=[child.pk])).content.decode()
        assert "Team around the family meeting" in page
        assert "First visit to the family" in page
        client.force_login(team_manager)
        sections = client.get(reverse("home")).context["sections"]
        team = next(s for s in sections if s.title == "Your teams' overdue deadlines")
        assert [row.deadline.kind for row in team.items] == ["taf_meeting"]
