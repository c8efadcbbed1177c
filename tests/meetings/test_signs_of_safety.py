"""Signs of Safety: wording by framework, the pairing rule, scaling over time, safety plans,
next steps and the child-friendly outputs."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from caseflow.constants import AreaOfWork, LegalStatus
from caseflow.deadlines.scan import scan_deadlines
from caseflow.models import AppendOnlyError, Deadline, DeadlineStatus
from meetings import mapping_services as services
from meetings.models import Mapping, MappingStatus, Score, Statement
from meetings.wording import Framework, allowed, default_framework
from tests.caseflow.factories import ChildFactory, LegalStatusPeriodFactory, NetworkPersonFactory


def _day(prefix, day):
    return {f"{prefix}_day": day.day, f"{prefix}_month": day.month, f"{prefix}_year": day.year}


@pytest.mark.parametrize(
    ("area", "status", "safeguarding", "expected"),
    [
        (AreaOfWork.EARLY_HELP, None, False, Framework.WELLBEING),
        (AreaOfWork.CHILD_IN_NEED, LegalStatus.CIN, False, Framework.WELLBEING),
        (AreaOfWork.CHILD_PROTECTION, LegalStatus.CP_PLAN, False, Framework.SAFETY),
        (AreaOfWork.LOOKED_AFTER, LegalStatus.CARE_ORDER, False, Framework.SUCCESS),
        (AreaOfWork.ADOPTION, LegalStatus.PLACEMENT_ORDER, False, Framework.SUCCESS),
        (AreaOfWork.LEAVING_CARE, LegalStatus.NONE, False, Framework.SUCCESS),
        (AreaOfWork.DISABLED_CHILDREN, LegalStatus.CIN, False, Framework.WELLBEING),
        (AreaOfWork.DISABLED_CHILDREN, LegalStatus.CP_PLAN, False, Framework.SAFETY),
        (AreaOfWork.DISABLED_CHILDREN, LegalStatus.S20, False, Framework.SUCCESS),
        (AreaOfWork.LOOKED_AFTER, LegalStatus.CARE_ORDER, True, Framework.SAFETY),
    ],
)
def test_the_framework_follows_the_handbooks_table(area, status, safeguarding, expected):
    assert default_framework(area_of_work=area, legal_status=status, safeguarding=safeguarding) == expected


def test_leaving_care_and_fostering_allow_the_handbooks_alternatives():
    assert allowed(area_of_work=AreaOfWork.LEAVING_CARE, legal_status=None, safeguarding=False) == [
        Framework.SUCCESS,
        Framework.STABILITY,
        Framework.INDEPENDENCE,
    ]
    assert allowed(area_of_work=AreaOfWork.FOSTERING, legal_status=None, safeguarding=False) == [
        Framework.SUCCESS,
        Framework.BELONGING,
        Framework.STABILITY,
    ]
    assert allowed(area_of_work=AreaOfWork.FOSTERING, legal_status=None, safeguarding=True) == [Framework.SAFETY]


def _start(client, child, copy=False):
    data = _day("mapped_on", timezone.localdate())
    if copy:
        data["copy_last"] = "on"
    client.post(reverse("mapping_start", args=[child.pk]), data)
    return Mapping.objects.get(child=child)  # each test starts one mapping through the page


def test_the_mapping_form_uses_the_childs_framework_words(client, social_worker, child_a):
    client.force_login(social_worker)
    mapping = _start(client, child_a)  # looked after: Signs of Success
    page = client.get(reverse("mapping_detail", args=[mapping.pk])).content.decode()
    for heading in ("Worrying Behaviour (past)", "Critical Worries (future)", "Existing Success", "Success Goals"):
        assert heading in page
    assert "Existing Safety" not in page


def test_changing_the_framework_needs_a_reason_and_safety_where_there_are_concerns(client, social_worker, child_a):
    client.force_login(social_worker)
    url = reverse("safety_framework", args=[child_a.pk])
    refused = client.post(url, {"framework": Framework.SUCCESS, "safeguarding_concerns": "on", "reason": "CP enquiry"})
    assert refused.context["form"].errors["framework"] == ["For this child the handbook allows: Signs of Safety"]
    client.post(url, {"framework": Framework.SAFETY, "safeguarding_concerns": "on", "reason": "CP enquiry opened"})
    mapping = _start(client, child_a)
    assert mapping.framework == Framework.SAFETY
    assert "Existing Safety" in client.get(reverse("mapping_detail", args=[mapping.pk])).content.decode()


def test_a_statement_without_its_goal_cannot_be_finalised(client, social_worker, child_a):
    client.force_login(social_worker)
    mapping = _start(client, child_a)
    client.post(
        reverse("statement_create", args=[mapping.pk]),
        {
            "worry": "Mum's drinking may leave Amira unsupervised",
            "goal": "",
            "zero_means": "Not safe",
            "ten_means": "Safe",
        },
    )
    response = client.post(reverse("mapping_finalise", args=[mapping.pk]))
    assert any("needs its success goal" in error for error in response.context["form"].non_field_errors())
    assert Mapping.objects.get(pk=mapping.pk).status == MappingStatus.DRAFT
    statement = Statement.objects.get()
    page = client.get(reverse("mapping_detail", args=[mapping.pk])).content.decode()
    assert reverse("statement_edit", args=[statement.pk]) in page  # the goal is added from the mapping page
    client.post(
        reverse("statement_edit", args=[statement.pk]),
        {"worry": statement.worry, "goal": "Mum sober at every visit", "zero_means": "Not safe", "ten_means": "Safe"},
    )
    assert Statement.objects.get().goal == "Mum sober at every visit"
    assert client.post(reverse("mapping_finalise", args=[mapping.pk])).status_code == 302
    assert Mapping.objects.get(pk=mapping.pk).status == MappingStatus.FINAL
    # Once finalised, its statements are not changed either: the page says so and keeps the text.
    refused = client.post(
        reverse("statement_edit", args=[statement.pk]),
        {"worry": "Changed", "goal": "Changed goal", "zero_means": "0", "ten_means": "10"},
    )
    assert "This mapping is finalised and is not edited" in refused.content.decode()
    assert "Changed goal" in refused.content.decode()
    assert Statement.objects.get().goal == "Mum sober at every visit"


def test_a_finalised_mapping_is_not_edited(client, social_worker, child_a):
    client.force_login(social_worker)
    mapping = _start(client, child_a)
    services.mapping_finalise(mapping=mapping, by=social_worker)
    assert client.post(reverse("mapping_detail", args=[mapping.pk]), {"harm": "changed"}).status_code == 403
    mapping = Mapping.objects.get(pk=mapping.pk)
    mapping.harm = "changed"
    with pytest.raises(AppendOnlyError):
        mapping.save()


def test_a_new_mapping_starts_as_a_copy_and_the_two_compare(client, social_worker, child_a):
    client.force_login(social_worker)
    first = _start(client, child_a)
    services.mapping_update(mapping=first, by=social_worker, fields={"existing_strengths": "Grandmother helps daily"})
    services.statement_save(mapping=first, by=social_worker, worry="Worry", goal="Goal", zero_means="0", ten_means="10")
    services.mapping_finalise(mapping=first, by=social_worker)
    second = services.mapping_start(child=child_a, by=social_worker, mapped_on=timezone.localdate(), copy_last=True)
    assert second.existing_strengths == "Grandmother helps daily"
    assert second.copied_from == first
    assert second.statements.get().thread == first.statements.get().thread
    services.mapping_update(mapping=second, by=social_worker, fields={"existing_strengths": "Grandmother and aunt"})
    page = client.get(reverse("mapping_compare", args=[second.pk])).content.decode()
    assert "Grandmother helps daily" in page
    assert "Grandmother and aunt" in page


def _score(client, statement, scorer, score, day):
    return client.post(
        reverse("score_create", args=[statement.pk]),
        {**_day("scored_on", day), "score": score, "scorer": scorer, "context": "Network meeting"},
    )


def test_scores_over_time_give_a_line_per_person_and_a_table(client, social_worker, child_a):
    mother = NetworkPersonFactory.create(child=child_a, name="Dana Hassan")
    client.force_login(social_worker)
    mapping = _start(client, child_a)
    statement = services.statement_save(
        mapping=mapping, by=social_worker, worry="Worry", goal="Goal", zero_means="Not safe", ten_means="Safe"
    )
    first, second = timezone.localdate() - timedelta(days=14), timezone.localdate()
    for day, mum, worker in ((first, 3, 2), (second, 6, 5)):
        _score(client, statement, f"person:{mother.pk}", mum, day)
        _score(client, statement, f"user:{social_worker.pk}", worker, day)
    _score(client, statement, "child", 7, second)
    page = client.get(reverse("safety_overview", args=[child_a.pk]))
    series = page.context["series"][0]
    assert {line.scorer: line.points for line in series.lines} == {
        "Dana Hassan (Mother)": [(first, 3), (second, 6)],
        str(social_worker): [(first, 2), (second, 5)],
        "The child": [(second, 7)],
    }
    # The table's columns are the chart's lines, in the same order (alphabetical by scorer).
    scorers = [line.scorer for line in series.lines]
    assert scorers == sorted(scorers)
    by_day = {
        first: {"Dana Hassan (Mother)": 3, str(social_worker): 2},
        second: {"Dana Hassan (Mother)": 6, str(social_worker): 5, "The child": 7},
    }
    assert series.table == [(day, [by_day[day].get(scorer) for scorer in scorers]) for day in (first, second)]
    html = page.content.decode()
    assert "<polyline" in html
    assert "Scores for: Worry" in html


@pytest.mark.parametrize(
    ("score", "message"),
    [
        ("11", "Enter a whole number from 0 to 10"),
        ("-1", "Enter a whole number from 0 to 10"),
        ("2.5", "Enter a whole number from 0 to 10"),
    ],
)
def test_scores_outside_0_to_10_are_refused(client, social_worker, child_a, score, message):
    client.force_login(social_worker)
    mapping = _start(client, child_a)
    statement = services.statement_save(
        mapping=mapping, by=social_worker, worry="W", goal="G", zero_means="0", ten_means="10"
    )
    response = _score(client, statement, "child", score, timezone.localdate())
    assert response.context["form"].errors["score"] == [message]
    assert not Score.objects.exists()


def test_a_scorer_must_be_in_the_childs_network_or_a_user(client, social_worker, child_a, team_a):
    stranger = NetworkPersonFactory.create(child=ChildFactory.create(team=team_a))
    mapping = services.mapping_start(child=child_a, by=social_worker, mapped_on=timezone.localdate(), copy_last=False)
    statement = services.statement_save(
        mapping=mapping, by=social_worker, worry="W", goal="G", zero_means="0", ten_means="10"
    )
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="Choose someone from the child's network"):
        services.score_record(
            statement=statement,
            by=social_worker,
            scored_on=timezone.localdate(),
            score=5,
            scorer=f"person:{stranger.pk}",
        )
    client.force_login(social_worker)
    for forged in (f"person:{stranger.pk}", "user:999999", "anyone-else"):
        response = _score(client, statement, forged, 5, timezone.localdate())
        assert response.status_code == 200
        assert response.context["form"].errors["scorer"] == [
            "Choose the child, someone from the child's network or a member of staff"
        ]
        assert forged not in response.context["form"].errors["scorer"][0]
    assert not Score.objects.exists()


def test_an_empty_statement_and_a_goal_without_a_statement_are_refused(client, social_worker, child_a):
    client.force_login(social_worker)
    mapping = _start(client, child_a)
    response = client.post(
        reverse("statement_create", args=[mapping.pk]),
        {"worry": "", "goal": "Amira feels safe at home", "zero_means": "0", "ten_means": "10"},
    )
    assert response.context["form"].errors["worry"] == ["Enter the worry statement"]
    assert "Amira feels safe at home" in response.content.decode()
    assert not Statement.objects.exists()


def test_a_megabyte_in_a_domain_is_refused_in_words_and_kept(client, social_worker, child_a):
    client.force_login(social_worker)
    mapping = _start(client, child_a)
    huge = "x" * 1_000_000
    response = client.post(reverse("mapping_detail", args=[mapping.pk]), {"harm": huge, "next_steps": "Visit Friday"})
    assert response.status_code == 200
    assert (
        response.context["form"]
        .errors["harm"][0]
        .startswith("Worrying Behaviour (past) must be 20,000 characters or fewer (it has 1,000,000)")
    )
    assert "Visit Friday" in response.content.decode()
    assert Mapping.objects.get(pk=mapping.pk).harm == ""


def test_a_safety_plan_shows_statements_no_rule_addresses(client, social_worker, child_a):
    keeper = NetworkPersonFactory.create(child=child_a, name="Pat Hassan")
    mapping = services.mapping_start(child=child_a, by=social_worker, mapped_on=timezone.localdate(), copy_last=False)
    first = services.statement_save(
        mapping=mapping, by=social_worker, worry="Drinking", goal="Sober", zero_means="0", ten_means="10"
    )
    services.statement_save(
        mapping=mapping, by=social_worker, worry="School", goal="Attends", zero_means="0", ten_means="10"
    )
    services.mapping_finalise(mapping=mapping, by=social_worker)
    plan = services.safety_plan_create(
        child=child_a, by=social_worker, title="Safety plan", agreed_on=timezone.localdate()
    )
    client.force_login(social_worker)
    client.post(
        reverse("plan_rule_create", args=[plan.pk]),
        {"rule": "Pat visits every evening", "addresses": [first.pk], "kept_by": [keeper.pk]},
    )
    page = client.get(reverse("safety_overview", args=[child_a.pk]))
    assert [s.worry for s in page.context["plans"][0].uncovered] == ["School"]
    assert "Pat visits every evening (kept by Pat Hassan)" in page.content.decode()


def test_next_steps_are_on_my_work_and_a_deadline(client, social_worker, child_a):
    client.force_login(social_worker)
    due = timezone.localdate() + timedelta(days=5)
    client.post(
        reverse("next_step_create", args=[child_a.pk]),
        {"description": "Words and pictures plan with Amira", "owner": social_worker.pk, **_day("due_on", due)},
    )
    home = client.get(reverse("home"))
    steps = next(s for s in home.context["sections"] if s.title == "Your next steps")
    assert [step.description for step in steps.items] == ["Words and pictures plan with Amira"]
    scan_deadlines()
    deadline = Deadline.objects.get(kind="next_step")
    assert timezone.localtime(deadline.due_at).date() == due
    step = steps.items[0]
    client.post(reverse("next_step_done", args=[step.pk]), _day("done_on", timezone.localdate()))
    scan_deadlines()
    deadline.refresh_from_db()
    assert deadline.status == DeadlineStatus.MET


def test_the_young_persons_report_speaks_plainly_of_this_child(client, social_worker, child_a):
    NetworkPersonFactory.create(child=child_a, name="Pat Hassan", is_trusted_adult=True)
    mapping = services.mapping_start(child=child_a, by=social_worker, mapped_on=timezone.localdate(), copy_last=False)
    services.mapping_update(mapping=mapping, by=social_worker, fields={"existing_strengths": "You love football"})
    services.statement_save(
        mapping=mapping,
        by=social_worker,
        worry="Mum gets very sad",
        goal="Mum gets help",
        zero_means="0",
        ten_means="10",
    )
    client.force_login(social_worker)
    page = client.get(reverse("young_persons_report", args=[child_a.pk])).content.decode()
    assert "Amira's report" in page
    assert "Mum gets very sad" in page
    assert "You love football" in page
    assert "Pat Hassan is someone you can talk to" in page


def test_the_traffic_light_table_marks_the_childs_current_level(
    client, social_worker, team_manager, service_manager, child_a
):
    from reunification.constants import RiskLevel, Step
    from tests.reunification.factories import episode_at

    episode_at(
        Step.PLANNING,
        child=child_a,
        social_worker=social_worker,
        team_manager=team_manager,
        service_manager=service_manager,
        rc1=RiskLevel.HIGH,
    )
    client.force_login(social_worker)
    page = client.get(reverse("risk_table", args=[child_a.pk])).content.decode()
    assert "Right now the risk for Amira is <strong>High</strong>" in page
    for words in (
        "Green",
        "Amber",
        "Red",
        "Dark red",
        "Possibility of abuse or neglect too high to permit a return home",
    ):
        assert words in page


def test_a_child_with_no_reunification_has_no_level_in_the_table(client, social_worker, child_a):
    client.force_login(social_worker)
    assert (
        "There is no risk classification for Amira"
        in client.get(reverse("risk_table", args=[child_a.pk])).content.decode()
    )


def test_the_disabled_child_on_a_cp_plan_uses_safety_words(client, social_worker, team_a):
    child = ChildFactory.create(
        team=team_a,
        area_of_work=AreaOfWork.DISABLED_CHILDREN,
        allocated_worker=social_worker,
        date_of_birth=date(2015, 1, 1),
    )
    LegalStatusPeriodFactory.create(child=child, status=LegalStatus.CP_PLAN)
    client.force_login(social_worker)
    mapping = _start(client, child)
    assert mapping.framework == Framework.SAFETY


def test_the_child_page_shows_each_statements_scores_over_time(client, social_worker, child_a):
    mapping = services.mapping_start(child=child_a, by=social_worker, mapped_on=timezone.localdate(), copy_last=False)
    statement = services.statement_save(
        mapping=mapping,
        by=social_worker,
        worry="Missing school",
        goal="In school",
        zero_means="Never",
        ten_means="Every day",
    )
    services.score_record(
        statement=statement, by=social_worker, scored_on=timezone.localdate(), score=4, scorer="child"
    )
    client.force_login(social_worker)
    page = client.get(reverse("child_detail", args=[child_a.pk])).content.decode()
    assert "Scaling over time" in page
    assert "Scores for: Missing school" in page
    assert "<polyline" in page


def test_an_over_long_statement_is_refused_in_words_and_kept(client, social_worker, child_a):
    client.force_login(social_worker)
    mapping = _start(client, child_a)
    response = client.post(
        reverse("statement_create", args=[mapping.pk]),
        {"worry": "w" * 1_000_000, "goal": "Amira is safe", "zero_means": "0", "ten_means": "10"},
    )
    assert response.status_code == 200
    assert (
        response.context["form"]
        .errors["worry"][0]
        .startswith("The statement must be 20,000 characters or fewer (it has 1,000,000)")
    )
    assert "Amira is safe" in response.content.decode()
    assert not Statement.objects.exists()


def test_changes_are_history_tracked_with_who_and_why(client, social_worker, child_a):
    client.force_login(social_worker)
    mapping = _start(client, child_a)
    client.post(reverse("mapping_detail", args=[mapping.pk]), {"harm": "Bruising seen at school"})
    client.post(reverse("mapping_finalise", args=[mapping.pk]))
    reasons = [(h.history_user, h.history_change_reason) for h in Mapping.history.filter(id=mapping.pk)]
    assert reasons == [
        (social_worker, "Mapping finalised"),
        (social_worker, "Mapping updated"),
        (social_worker, "Mapping started"),
    ]


def test_a_plan_answering_a_draft_mapping_shows_what_no_rule_addresses(client, social_worker, child_a):
    mapping = services.mapping_start(child=child_a, by=social_worker, mapped_on=timezone.localdate(), copy_last=False)
    services.statement_save(
        mapping=mapping, by=social_worker, worry="Drinking", goal="Sober", zero_means="0", ten_means="10"
    )
    services.safety_plan_create(child=child_a, by=social_worker, title="Safety plan", agreed_on=timezone.localdate())
    client.force_login(social_worker)
    page = client.get(reverse("safety_overview", args=[child_a.pk]))
    assert [s.worry for s in page.context["plans"][0].uncovered] == ["Drinking"]
    assert "No plan rule addresses these statements yet" in page.content.decode()


def test_the_compare_page_sets_statements_beside_their_earlier_selves(client, social_worker, child_a):
    first = services.mapping_start(child=child_a, by=social_worker, mapped_on=timezone.localdate(), copy_last=False)
    services.statement_save(
        mapping=first, by=social_worker, worry="Drinking", goal="Sober at visits", zero_means="0", ten_means="10"
    )
    services.mapping_finalise(mapping=first, by=social_worker)
    second = services.mapping_start(child=child_a, by=social_worker, mapped_on=timezone.localdate(), copy_last=True)
    carried = second.statements.get()
    services.statement_save(
        mapping=second,
        by=social_worker,
        worry="Drinking",
        goal="Sober every day",
        zero_means="0",
        ten_means="10",
        statement=carried,
    )
    services.statement_save(
        mapping=second, by=social_worker, worry="School", goal="Attends", zero_means="0", ten_means="10"
    )
    client.force_login(social_worker)
    page = client.get(reverse("mapping_compare", args=[second.pk]))
    pairs = [(old.goal if old else None, new.goal if new else None) for old, new in page.context["statements"]]
    assert pairs == [("Sober at visits", "Sober every day"), (None, "Attends")]
    assert "Sober at visits" in page.content.decode()


@pytest.mark.parametrize("url_name", ["young_persons_report", "risk_table", "safety_overview"])
def test_the_printable_outputs_are_only_for_users_with_access(
    client, url_name, child_a, social_worker, social_worker_team_b, performance_officer, administrator, iro
):
    url = reverse(url_name, args=[child_a.pk])
    for outsider in (social_worker_team_b, performance_officer, administrator):
        client.force_login(outsider)
        assert client.get(url).status_code == 404
    for insider in (social_worker, iro):
        client.force_login(insider)
        response = client.get(url)
        assert response.status_code == 200
        assert "Amira" in response.content.decode()


def test_the_young_persons_report_shows_the_current_mapping_and_trusted_adult(
    client, social_worker, team_manager, service_manager, child_a
):
    from reunification import services as reunification_services
    from reunification.constants import Step
    from tests.reunification.factories import episode_at

    first = services.mapping_start(child=child_a, by=social_worker, mapped_on=timezone.localdate(), copy_last=False)
    services.statement_save(
        mapping=first, by=social_worker, worry="Mum shouts a lot", goal="Mum calm", zero_means="0", ten_means="10"
    )
    services.mapping_finalise(mapping=first, by=social_worker)
    second = services.mapping_start(child=child_a, by=social_worker, mapped_on=timezone.localdate(), copy_last=False)
    services.statement_save(
        mapping=second, by=social_worker, worry="You miss school", goal="In school", zero_means="0", ten_means="10"
    )
    services.mapping_finalise(mapping=second, by=social_worker)
    aunt = NetworkPersonFactory.create(child=child_a, name="Lina Hassan")
    NetworkPersonFactory.create(child=child_a, name="Pat Hassan", is_trusted_adult=True)
    episode = episode_at(
        Step.ASSESSMENT,
        child=child_a,
        social_worker=social_worker,
        team_manager=team_manager,
        service_manager=service_manager,
    )
    reunification_services.episode_details_update(episode=episode, by=social_worker, fields={"trusted_adult": aunt})
    client.force_login(social_worker)
    page = client.get(reverse("young_persons_report", args=[child_a.pk])).content.decode()
    assert "You miss school" in page
    assert "Mum shouts a lot" not in page  # the earlier mapping is not the current information
    assert "Lina Hassan is someone you can talk to" in page  # named in the reunification assessment


def test_the_traffic_light_table_gives_each_level_in_the_seeds_words(client, social_worker, child_a):
    client.force_login(social_worker)
    page = client.get(reverse("risk_table", args=[child_a.pk]))
    assert [(label, colour, meaning) for _, label, colour, meaning in page.context["rows"]] == [
        ("Low", "Green", "Actively consider reunification"),
        ("Medium", "Amber", "Reunification should be considered; look for sustained change and reclassify the risk"),
        ("High", "Red", "Further interventions and evidence of change needed before reunification considered"),
        ("Severe", "Dark red", "Possibility of abuse or neglect too high to permit a return home"),
    ]


def test_under_a_supervision_order_the_plan_is_developed_at_a_family_network_meeting(
    client, social_worker, team_a, child_b, social_worker_team_b
):
    from meetings.constants import MeetingType
    from meetings.models import SafetyPlan
    from tests.meetings.factories import meeting_held

    child_a = ChildFactory.create(team=team_a, allocated_worker=social_worker, date_of_birth=date(2016, 1, 1))
    LegalStatusPeriodFactory.create(child=child_a, status=LegalStatus.SUPERVISION_ORDER)
    elsewhere = meeting_held(MeetingType.FAMILY_NETWORK, child=child_b, by=social_worker_team_b)
    client.force_login(social_worker)
    url = reverse("safety_plan_create", args=[child_a.pk])
    data = {"title": "Safety plan", **_day("agreed_on", timezone.localdate()), "closure_timeline": "By June"}
    refused = client.post(url, data)
    assert refused.context["form"].errors["family_network_meeting"] == [
        "With a Supervision Order in place, the safety plan is developed through a family network meeting: "
        "record the meeting first, then choose it here"
    ]
    assert "By June" in refused.content.decode()
    for forged_id in (elsewhere.pk, "not-a-meeting"):
        forged = client.post(url, {**data, "family_network_meeting": forged_id})
        assert forged.context["form"].errors["family_network_meeting"] == [
            "Choose a family network meeting held about this child"
        ]
    assert not SafetyPlan.objects.exists()
    meeting = meeting_held(MeetingType.FAMILY_NETWORK, child=child_a, by=social_worker)
    assert client.post(url, {**data, "family_network_meeting": meeting.pk}).status_code == 302
    assert SafetyPlan.objects.get().family_network_meeting == meeting
    page = client.get(reverse("safety_overview", args=[child_a.pk])).content.decode()
    assert f"Developed at the family network meeting on {meeting.held_on:%-d %B %Y}" in page


def test_without_a_supervision_order_a_plan_needs_no_meeting(client, social_worker, child_a):
    from meetings.models import SafetyPlan

    client.force_login(social_worker)
    response = client.post(
        reverse("safety_plan_create", args=[child_a.pk]),
        {"title": "Return home safety plan", **_day("agreed_on", timezone.localdate())},
    )
    assert response.status_code == 302
    assert SafetyPlan.objects.get().title == "Return home safety plan"


def test_forged_choices_on_a_plan_rule_and_a_next_step_are_refused_in_words(client, social_worker, child_a):
    plan = services.safety_plan_create(
        child=child_a, by=social_worker, title="Safety plan", agreed_on=timezone.localdate()
    )
    client.force_login(social_worker)
    rule = client.post(
        reverse("plan_rule_create", args=[plan.pk]), {"rule": "Pat visits", "addresses": ["x"], "kept_by": ["y"]}
    )
    assert rule.context["form"].errors == {
        "addresses": ["Choose statements of the child's mapping"],
        "kept_by": ["Choose people from the child's network"],
    }
    step = client.post(
        reverse("next_step_create", args=[child_a.pk]),
        {"description": "Visit", "owner": "999999", **_day("due_on", timezone.localdate())},
    )
    assert step.context["form"].errors["owner"] == ["Choose a member of staff to own this next step"]
    assert "Visit" in step.content.decode()
