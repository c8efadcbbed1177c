"""Meetings, care planning and the tracker meeting, through the pages users use."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from caseflow.deadlines.scan import scan_deadlines
from caseflow.models import Deadline, DeadlineStatus
from meetings import services
from meetings.constants import MeetingType
from meetings.models import CareDecision, CarePlanningCriterion, Meeting, MeetingAction, MeetingChild
from pathways.constants import Stage
from tests.caseflow.factories import ChildFactory, NetworkPersonFactory
from tests.meetings.factories import meeting_held
from tests.pathways.factories import episode_at


def _day(prefix, day):
    return {f"{prefix}_day": day.day, f"{prefix}_month": day.month, f"{prefix}_year": day.year}


def _meeting_form(social_worker, meeting_type=MeetingType.NETWORK_MEETING, **extra):
    return {"meeting_type": meeting_type, **_day("held_on", timezone.localdate()), "chair": social_worker.pk,
            "family_attended": "on", "decisions": "Agreed the plan", **extra}  # fmt: skip


def test_a_meeting_is_recorded_for_a_child_with_attendees(client, social_worker, child_a):
    mother = NetworkPersonFactory.create(child=child_a, name="Dana Hassan")
    client.force_login(social_worker)
    response = client.post(reverse("meeting_create", args=[child_a.pk]),
                           _meeting_form(social_worker, network=[mother.pk]))  # fmt: skip
    meeting = Meeting.objects.get()
    assert response.url == reverse("meeting_detail", args=[meeting.pk])
    assert list(meeting.network.all()) == [mother]
    assert MeetingChild.objects.get().child == child_a


def test_a_meeting_before_the_child_was_born_is_refused_in_words(client, social_worker, child_a):
    client.force_login(social_worker)
    response = client.post(
        reverse("meeting_create", args=[child_a.pk]),
        _meeting_form(social_worker, **_day("held_on", child_a.date_of_birth - timedelta(days=1))),
    )
    assert response.context["form"].errors["held_on"] == [
        f"The meeting cannot be before Amira Hassan was born, on {child_a.date_of_birth:%-d %B %Y}"
    ]
    assert "Agreed the plan" in response.content.decode()
    assert not Meeting.objects.exists()


def test_families_attend_unless_a_reason_is_given(client, social_worker, child_a):
    client.force_login(social_worker)
    data = _meeting_form(social_worker)
    del data["family_attended"]
    refused = client.post(reverse("meeting_create", args=[child_a.pk]), data)
    assert "say why the family did not attend" in refused.context["form"].errors["no_family_reason"][0]
    strategy = client.post(reverse("meeting_create", args=[child_a.pk]), {**data, "meeting_type": MeetingType.STRATEGY})
    assert strategy.status_code == 302


def test_an_attendee_from_another_childs_network_is_refused(client, social_worker, child_a, team_a):
    stranger = NetworkPersonFactory.create(child=ChildFactory.create(team=team_a), name="Someone Else")
    client.force_login(social_worker)
    response = client.post(reverse("meeting_create", args=[child_a.pk]),
                           _meeting_form(social_worker, network=[stranger.pk]))  # fmt: skip
    assert response.context["form"].errors["network"] == ["Choose people from the child's network"]


def test_an_action_needs_an_owner(client, social_worker, child_a):
    meeting = meeting_held(MeetingType.NETWORK_MEETING, child=child_a, by=social_worker)
    client.force_login(social_worker)
    response = client.post(
        reverse("meeting_action_create", args=[meeting.pk]),
        {"description": "Book the FGC", **_day("due_on", timezone.localdate() + timedelta(days=7))},
    )
    assert response.context["form"].errors["owner"] == ["Choose who owns this action"]
    assert "Book the FGC" in response.content.decode()
    client.post(
        reverse("meeting_action_create", args=[meeting.pk]),
        {"description": "Book the FGC", "owner": social_worker.pk, **_day("due_on", timezone.localdate())},
    )
    home = client.get(reverse("home"))
    actions = next(s for s in home.context["sections"] if s.title == "Your actions from meetings")
    assert [action.description for action in actions.items] == ["Book the FGC"]


def test_a_care_decision_needs_a_family_led_meeting_first(client, social_worker, service_manager, child_a):
    meeting = meeting_held(MeetingType.CARE_PLANNING, child=child_a, by=social_worker, chair=service_manager)
    client.force_login(social_worker)
    url = reverse("care_decision_create", args=[meeting.pk, child_a.pk])
    page = client.get(url).content.decode()
    assert "a care decision cannot be recorded until one has" in page
    refused = client.post(url, {"decision": "Plan for return home to mum"})
    assert any("no family-led decision-making meeting" in e for e in refused.context["form"].non_field_errors())
    assert not CareDecision.objects.exists()

    meeting_held(MeetingType.FGC, child=child_a, by=social_worker)
    assert client.post(url, {"decision": "Plan for return home to mum"}).status_code == 302
    assert CareDecision.objects.get().decided_by == social_worker


def test_a_care_planning_meeting_is_chaired_by_a_service_manager(client, social_worker, child_a):
    client.force_login(social_worker)
    response = client.post(reverse("meeting_create", args=[child_a.pk]),
                           _meeting_form(social_worker, meeting_type=MeetingType.CARE_PLANNING))  # fmt: skip
    assert "chaired by a service manager" in response.context["form"].errors["chair"][0]


def test_the_fostering_assessment_manager_chairs_for_a_prospective_sgo(social_worker, child_a, team_a):
    from caseflow.constants import Role
    from tests.caseflow.factories import UserFactory

    fostering = UserFactory.create(role=Role.FOSTERING_TEAM_MANAGER, teams=[team_a])
    sgo = CarePlanningCriterion.objects.filter(prospective_sgo=True).earliest("position")
    services.criterion_note(child=child_a, criterion=sgo, by=social_worker, noted_on=timezone.localdate())
    meeting = meeting_held(MeetingType.CARE_PLANNING, child=child_a, by=social_worker, chair=fostering)
    assert meeting.chair == fostering


def test_a_final_hearing_in_the_past_is_refused(client, social_worker, child_a):
    client.force_login(social_worker)
    response = client.post(
        reverse("hearing_create", args=[child_a.pk]),
        {**_day("hearing_on", timezone.localdate() - timedelta(days=1)), "is_final": "on"},
    )
    assert response.context["form"].errors["hearing_on"] == [
        "The final hearing date is in the past: enter the date of the final hearing to come"
    ]


@pytest.mark.parametrize(("contested", "weeks"), [(False, 3), (True, 5)])
def test_a_final_hearing_needs_a_care_planning_meeting_weeks_before(
    client, social_worker, service_manager, child_a, contested, weeks
):
    hearing_day = timezone.localdate() + timedelta(days=70)
    client.force_login(social_worker)
    client.post(
        reverse("hearing_create", args=[child_a.pk]),
        {**_day("hearing_on", hearing_day), "is_final": "on", **({"likely_contested": "on"} if contested else {})},
    )
    scan_deadlines()
    deadline = Deadline.objects.get(kind__startswith="care_planning_meeting")
    assert timezone.localtime(deadline.due_at).date() == hearing_day - timedelta(weeks=weeks)
    meeting_held(MeetingType.CARE_PLANNING, child=child_a, by=social_worker, chair=service_manager)
    scan_deadlines()
    deadline.refresh_from_db()
    assert deadline.status == DeadlineStatus.MET


def test_an_md_supervision_resets_the_8_weekly_clock(social_worker, team_manager, child_a):
    episode_at(Stage.STAGE_1, child=child_a, social_worker=social_worker, team_manager=team_manager)
    scan_deadlines()
    first = Deadline.objects.get(kind="md_supervision")
    meeting_held(MeetingType.MD_SUPERVISION, child=child_a, by=social_worker)
    scan_deadlines()
    first.refresh_from_db()
    assert first.status == DeadlineStatus.MET
    following = Deadline.objects.get(kind="md_supervision", status=DeadlineStatus.OPEN)
    assert timezone.localtime(following.due_at).date() == timezone.localdate() + timedelta(weeks=8)


def test_the_family_network_meeting_clock_starts_only_where_safety_worries_were_confirmed(client, social_worker,
                                                                                         child_a):  # fmt: skip
    client.force_login(social_worker)
    earlier = timezone.localtime() - timedelta(hours=1)  # an hour ago: never in the future, whatever the time
    for worries in (False, True):
        client.post(
            reverse("event_create", args=[child_a.pk]),
            {"kind": "assessment_started", "happened_at_0": earlier.strftime("%d/%m/%Y"),
             "happened_at_1": earlier.strftime("%H:%M"), **({"safety_worries": "on"} if worries else {})},
        )  # fmt: skip
    scan_deadlines()
    assert Deadline.objects.filter(kind="family_network_meeting").count() == 1


def test_a_stay_over_24_hours_without_emergency_pwp_is_flagged(client, social_worker, team_manager, service_manager,
                                                              child_a):  # fmt: skip
    from reunification.constants import Step
    from tests.reunification.factories import episode_at as reunification_at

    reunification_at(Step.ASSESSMENT, child=child_a, social_worker=social_worker, team_manager=team_manager,
                     service_manager=service_manager)  # fmt: skip
    client.force_login(social_worker)
    start = timezone.localtime() - timedelta(days=3)
    client.post(
        reverse("family_time_create", args=[child_a.pk]),
        {"starts_at_0": start.strftime("%d/%m/%Y"), "starts_at_1": "10:00",
         "ends_at_0": (start + timedelta(days=2)).strftime("%d/%m/%Y"), "ends_at_1": "10:00",
         "supervised": "", "overnight": "on", "record_sheet": "Weekend at home"},
    )  # fmt: skip
    page = client.get(reverse("child_meetings", args=[child_a.pk])).content.decode()
    assert "Over 24 hours without Emergency Placed with Parents approval" in page


def test_the_tracker_meeting_shows_five_cohorts_and_records_outcomes(
    client, social_worker, team_manager, deputy_director, child_a, team_a
):
    episode_at(Stage.STAGE_2, child=child_a, social_worker=social_worker, team_manager=team_manager)
    flagged = ChildFactory.create(team=team_a, given_names="Noor", family_name="Flagged", may_return_unplanned=True)
    client.force_login(team_manager)
    page = client.get(reverse("tracker_meeting"))
    cohorts = {cohort.title: [child for child, _ in cohort.rows] for cohort in page.context["cohorts"]}
    assert len(cohorts) == 5
    assert cohorts["Plans to go home within 12 months"] == [child_a]
    assert cohorts["Young people who may return home in an unplanned way"] == [flagged]
    response = client.post(reverse("tracker_meeting"), {**_day("held_on", timezone.localdate()),
                           "no_family_reason": "Professionals' tracker meeting"})  # fmt: skip
    meeting = Meeting.objects.get(meeting_type=MeetingType.TRACKER)
    assert response.url == reverse("meeting_detail", args=[meeting.pk])
    assert set(meeting.children.all()) == {child_a, flagged}
    client.post(reverse("meeting_outcome", args=[meeting.pk, child_a.pk]), {"outcome": "Family time to increase"})
    history = client.get(reverse("child_history", args=[child_a.pk])).content.decode()
    assert "Outcome: blank → Family time to increase" in history


def test_an_action_is_marked_done(client, social_worker, child_a):
    meeting = meeting_held(MeetingType.TAC, child=child_a, by=social_worker)
    action = services.action_add(meeting=meeting, by=social_worker, description="Call school", owner=social_worker,
                                 due_on=date(2026, 12, 1))  # fmt: skip
    client.force_login(social_worker)
    client.post(reverse("meeting_action_done", args=[action.pk]), _day("done_on", timezone.localdate()))
    assert MeetingAction.objects.get().done_on == timezone.localdate()


def test_a_reunification_planning_review_meeting_meets_its_three_month_deadline(
    social_worker, team_manager, service_manager, child_a
):
    from reunification.constants import Step
    from tests.reunification.factories import episode_at as reunification_at

    reunification_at(Step.IMPLEMENTATION, child=child_a, social_worker=social_worker, team_manager=team_manager,
                     service_manager=service_manager, start_days_ago=200)  # fmt: skip
    scan_deadlines()
    review = Deadline.objects.get(kind="reunification_planning_review")
    assert review.status in (DeadlineStatus.OPEN, DeadlineStatus.OVERDUE)
    meeting_held(MeetingType.REUNIFICATION_REVIEW, child=child_a, by=social_worker)
    scan_deadlines()
    review.refresh_from_db()
    assert (review.status, review.met_on) == (DeadlineStatus.MET, timezone.localdate())


def test_a_child_is_flagged_as_needing_a_care_planning_meeting_when_a_criterion_applies(
    client, social_worker, administrator, child_a
):
    client.force_login(social_worker)
    child_page = reverse("child_detail", args=[child_a.pk])
    assert "needs a care planning meeting" not in client.get(child_page).content.decode()
    reunification = CarePlanningCriterion.objects.get(text="Child whose plan may be one of reunification")
    response = client.post(reverse("criterion_create", args=[child_a.pk]),
                           {"criterion": reunification.pk, **_day("noted_on", timezone.localdate())})  # fmt: skip
    assert response.status_code == 302
    flagged = client.get(child_page).content.decode()
    assert "Amira Hassan needs a care planning meeting: Child whose plan may be one of reunification." in flagged
    again = client.post(reverse("criterion_create", args=[child_a.pk]),
                        {"criterion": reunification.pk, **_day("noted_on", timezone.localdate())})  # fmt: skip
    assert again.context["form"].errors["criterion"] == ["This already applies to the child"]

    # The criteria are data: both of the seed's lists, and what an administrator adds or retires.
    lists = set(CarePlanningCriterion.objects.values_list("criteria_list", flat=True))
    assert lists == {"safeguarding", "cared_for"}
    assert CarePlanningCriterion.objects.count() == 16
    client.force_login(administrator)
    added = client.post(
        reverse("admin:meetings_careplanningcriterion_add"),
        {"criteria_list": "cared_for", "text": "Child with a significant change of circumstance", "position": 9,
         "is_active": "on"},
    )  # fmt: skip
    assert added.status_code == 302
    retired = CarePlanningCriterion.objects.get(text="Child whose plan is one of adoption")
    retired.is_active = False
    retired.save()
    client.force_login(social_worker)
    choices = [str(label) for _, label in client.get(reverse("criterion_create", args=[child_a.pk])).context[
        "form"].fields["criterion"].choices]  # fmt: skip
    assert "Child with a significant change of circumstance" in choices
    assert "Child whose plan is one of adoption" not in choices


def test_the_care_planning_agenda_is_a_checklist(client, social_worker, service_manager, child_a):
    meeting = meeting_held(MeetingType.CARE_PLANNING, child=child_a, by=social_worker, chair=service_manager)
    client.force_login(social_worker)
    form = client.get(reverse("meeting_agenda", args=[meeting.pk])).context["form"]
    assert len([name for name in form.fields if name.endswith("_discussed")]) == 10
    client.post(reverse("meeting_agenda", args=[meeting.pk]),
                {"proposed_plan_discussed": "on", "proposed_plan_note": "Return home to mum",
                 "fgc_discussed": "on", "fgc_note": "FGC held in May"})  # fmt: skip
    page = client.get(reverse("meeting_detail", args=[meeting.pk])).content.decode()
    assert "Discussed</strong> What is the proposed plan, and is it the right plan for this child?: Return home" in page
    assert "Not yet</strong> Are there any funding issues?" in page


def test_a_long_stay_is_judged_by_the_approval_standing_when_it_began(
    client, social_worker, team_manager, service_manager, head_of_service, child_a
):
    """A stay before the approval stays flagged once approval comes; one after it is not; one
    before the child was on a reunification plan is not."""
    from reunification import services as reunification_services
    from reunification.constants import DecisionKind, Outcome, Step
    from tests.reunification.factories import episode_at as reunification_at

    def stay(days_ago):
        start = timezone.localtime() - timedelta(days=days_ago)
        client.post(
            reverse("family_time_create", args=[child_a.pk]),
            {"starts_at_0": start.strftime("%d/%m/%Y"), "starts_at_1": "10:00",
             "ends_at_0": (start + timedelta(days=2)).strftime("%d/%m/%Y"), "ends_at_1": "10:00",
             "overnight": "on", "record_sheet": f"Stay {days_ago} days ago"},
        )  # fmt: skip

    from caseflow.constants import Role
    from tests.caseflow.factories import UserFactory

    director = UserFactory.create(role=Role.CORPORATE_DIRECTOR, sees_all_areas=True)
    episode = reunification_at(Step.TRANSITION_HOME, child=child_a, social_worker=social_worker,
                               team_manager=team_manager, service_manager=service_manager,
                               head_of_service=head_of_service, corporate_director=director,
                               start_days_ago=400)  # fmt: skip
    client.force_login(social_worker)
    stay(500)  # before the child was identified for reunification
    stay(20)  # on the plan, before the approval
    reunification_services.decision_record(
        episode=episode, by=head_of_service, kind=DecisionKind.EMERGENCY_PWP, outcome=Outcome.AGREED,
        rationale="Overnights approved", decided_on=timezone.localdate() - timedelta(days=10),
    )  # fmt: skip
    stay(5)  # after it
    rows = {row.session.record_sheet: row.flagged for row in
            client.get(reverse("child_meetings", args=[child_a.pk])).context["family_time"]}  # fmt: skip
    assert rows == {"Stay 500 days ago": False, "Stay 20 days ago": True, "Stay 5 days ago": False}
