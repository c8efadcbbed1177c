"""Decisions 1-3 through the pages, by the roles the seed names, with their rules."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from caseflow.constants import LegalStatus, NetworkCircle
from caseflow.models import AppendOnlyError
from reunification import services
from reunification.constants import ClassificationKind, DecisionKind, Outcome, RiskLevel, Step
from reunification.models import ReunificationDecision, ReunificationEpisode, RiskClassification
from tests.caseflow.factories import LegalStatusPeriodFactory, NetworkPersonFactory


def _step(episode):
    return ReunificationEpisode.objects.get(pk=episode.pk).state


def _date(day):
    return {"decided_on_day": day.day, "decided_on_month": day.month, "decided_on_year": day.year}


def _decide(client, episode, kind, outcome, *, day=None, **extra):
    data = {"outcome": outcome, "rationale": "Discussed in supervision", **_date(day or timezone.localdate()), **extra}
    return client.post(reverse("reunification_decision", args=[episode.pk, kind]), data)


def _errors(response):
    return response.context["form"].non_field_errors()


def test_a_social_worker_identifies_a_candidate_and_asks_for_decision_1(client, social_worker, child_a):
    client.force_login(social_worker)
    day = timezone.localdate()
    client.post(
        reverse("reunification_identify", args=[child_a.pk]),
        {"identified_on_day": day.day, "identified_on_month": day.month, "identified_on_year": day.year},
    )
    episode = ReunificationEpisode.objects.get(child=child_a)
    page = client.get(reverse("reunification_episode", args=[episode.pk])).content.decode()
    assert "Not recorded yet: discussion between the social worker and QARO" in page
    refused = client.post(reverse("reunification_move", args=[episode.pk, "submit_for_decision_1"]))
    assert "Not recorded yet: discussion in supervision" in " ".join(_errors(refused))
    for key in ("sw_qaro_discussion", "supervision_discussion"):
        client.post(
            reverse("reunification_activity", args=[episode.pk, key]),
            {"done_on_day": day.day, "done_on_month": day.month, "done_on_year": day.year, "note": "Talked"},
        )
    client.post(reverse("reunification_move", args=[episode.pk, "submit_for_decision_1"]))
    assert _step(episode) == Step.DECISION_1


def test_the_iro_can_identify_a_candidate(client, iro, child_a):
    client.force_login(iro)
    day = timezone.localdate()
    response = client.post(
        reverse("reunification_identify", args=[child_a.pk]),
        {"identified_on_day": day.day, "identified_on_month": day.month, "identified_on_year": day.year},
    )
    assert response.status_code == 302
    assert ReunificationEpisode.objects.get(child=child_a).identified_by == iro


def test_decision_1_by_the_team_manager_opens_the_assessment(client, team_manager, at_step):
    episode = at_step(Step.DECISION_1)
    client.force_login(team_manager)
    assert _decide(client, episode, DecisionKind.DECISION_1, Outcome.PURSUE).status_code == 302
    assert _step(episode) == Step.ASSESSMENT
    decision = ReunificationDecision.objects.get(kind=DecisionKind.DECISION_1)
    assert (decision.decided_by, decision.decided_by_role) == (team_manager, "Team manager")


def test_decision_1_no_ends_the_episode_as_not_pursued(client, team_manager, at_step):
    episode = at_step(Step.DECISION_1)
    client.force_login(team_manager)
    _decide(client, episode, DecisionKind.DECISION_1, Outcome.NOT_PURSUE)
    assert _step(episode) == Step.NOT_PURSUED


@pytest.mark.parametrize(
    ("role", "kind"),
    [
        ("social_worker", DecisionKind.DECISION_1),
        ("service_manager", DecisionKind.DECISION_1),
        ("team_manager", DecisionKind.DECISION_2),
        ("head_of_service", DecisionKind.DECISION_2),
        ("team_manager", DecisionKind.DECISION_3),
        ("service_manager", DecisionKind.RATIFICATION),
        ("team_manager", DecisionKind.EMERGENCY_PWP),
        ("deputy_director", DecisionKind.CORPORATE_DIRECTOR),
    ],
)
def test_only_the_named_role_records_each_decision(request, client, at_step, role, kind):
    episode = at_step(Step.DECISION_1)
    client.force_login(request.getfixturevalue(role))
    assert _decide(client, episode, kind, Outcome.PURSUE).status_code == 403
    assert not ReunificationDecision.objects.exists()


def test_decision_2_names_the_people_still_needing_a_police_check(client, service_manager, social_worker, at_step,
                                                                   child_a):  # fmt: skip
    episode = at_step(Step.DECISION_2)
    # someone joins the household after the checks were done: they join the list too
    NetworkPersonFactory.create(child=child_a, name="New Partner", circle=NetworkCircle.HOUSEHOLD)
    NetworkPersonFactory.create(child=child_a, name="Little Cousin", circle=NetworkCircle.EXTENDED_FAMILY,
                                date_of_birth=timezone.localdate() - timedelta(days=365 * 10))  # fmt: skip
    client.force_login(service_manager)
    response = _decide(client, episode, DecisionKind.DECISION_2, Outcome.PROGRESS, risk_level=RiskLevel.MEDIUM)
    assert "Police checks are still needed for: New Partner" in _errors(response)
    assert _step(episode) == Step.DECISION_2
    partner = child_a.network.get(name="New Partner")
    services.police_check_record(
        episode=episode, person=partner, by=social_worker, checked_on=timezone.localdate(), result="nothing_found"
    )
    response = _decide(client, episode, DecisionKind.DECISION_2, Outcome.PROGRESS, risk_level=RiskLevel.MEDIUM)
    assert response.status_code == 302
    assert _step(episode) == Step.PLANNING


def test_decision_2_needs_risk_classification_1(client, service_manager, social_worker, team_manager, child_a):
    from tests.reunification.factories import episode_at

    episode = episode_at(Step.ASSESSMENT, child=child_a, social_worker=social_worker, team_manager=team_manager,
                         service_manager=service_manager)  # fmt: skip
    client.force_login(social_worker)
    response = client.post(reverse("reunification_move", args=[episode.pk, "submit_for_decision_2"]))
    assert "The Risk Classification 1 meeting's recommendation has not been recorded" in _errors(response)


def test_risk_classification_1_needs_the_chronology_completed(client, social_worker, service_manager, team_manager,
                                                              child_a):  # fmt: skip
    from tests.reunification.factories import episode_at

    episode = episode_at(Step.ASSESSMENT, child=child_a, social_worker=social_worker, team_manager=team_manager,
                         service_manager=service_manager)  # fmt: skip
    client.force_login(social_worker)
    day = timezone.localdate()
    response = client.post(
        reverse("reunification_classification", args=[episode.pk]),
        {"kind": ClassificationKind.RC1_RECOMMENDATION, "level": RiskLevel.MEDIUM, "rationale": "Meeting held",
         "classified_on_day": day.day, "classified_on_month": day.month, "classified_on_year": day.year},
    )  # fmt: skip
    assert "Risk Classification 1 needs the chronology completed: record its completion date first" in _errors(response)
    assert not RiskClassification.objects.exists()


def test_severe_at_decision_2_ends_in_alternative_permanence_and_prompts_proceedings_for_s20(
    client, service_manager, at_step, child_a
):
    child_a.legal_statuses.update(end_date=timezone.localdate())
    LegalStatusPeriodFactory.create(child=child_a, status=LegalStatus.S20, start_date=timezone.localdate())
    episode = at_step(Step.DECISION_2)
    client.force_login(service_manager)
    _decide(client, episode, DecisionKind.DECISION_2, Outcome.PROGRESS, risk_level=RiskLevel.SEVERE)
    assert _step(episode) == Step.ALTERNATIVE_PERMANENCE
    page = client.get(reverse("reunification_episode", args=[episode.pk])).content.decode()
    assert "consider proceedings" in page


def test_decision_3_needs_risk_classification_2_when_rc1_was_medium(client, service_manager, social_worker, at_step):
    episode = at_step(Step.IMPLEMENTATION, rc1=RiskLevel.MEDIUM)
    client.force_login(social_worker)
    refused = client.post(reverse("reunification_move", args=[episode.pk, "submit_for_decision_3"]))
    assert "Risk Classification 2 is needed because Risk Classification 1 was medium" in _errors(refused)


def test_decision_3_then_ratification_by_another_person_moves_home(client, service_manager, head_of_service, at_step):
    episode = at_step(Step.DECISION_3)
    client.force_login(service_manager)
    _decide(client, episode, DecisionKind.DECISION_3, Outcome.REUNIFY, significant_change="on")
    assert _step(episode) == Step.DECISION_3  # waiting for ratification
    again = _decide(client, episode, DecisionKind.DECISION_3, Outcome.REUNIFY)
    assert "Decision 3 is recorded and waiting for the Head of Service to ratify it" in again.content.decode()
    client.force_login(head_of_service)
    _decide(client, episode, DecisionKind.RATIFICATION, Outcome.RATIFIED)
    assert _step(episode) == Step.TRANSITION_HOME
    page = client.get(reverse("reunification_episode", args=[episode.pk])).content.decode()
    assert "CPAG: significant change of plan" in page


def test_not_yet_ratified_returns_to_implementation(client, service_manager, head_of_service, at_step):
    episode = at_step(Step.DECISION_3)
    client.force_login(service_manager)
    _decide(client, episode, DecisionKind.DECISION_3, Outcome.NOT_YET)
    client.force_login(head_of_service)
    _decide(client, episode, DecisionKind.RATIFICATION, Outcome.RATIFIED)
    assert _step(episode) == Step.IMPLEMENTATION


def test_when_rc1_was_high_reunify_waits_six_months_of_medium_or_low(client, service_manager, social_worker, at_step):
    episode = at_step(Step.IMPLEMENTATION, rc1=RiskLevel.HIGH, start_days_ago=400)
    services.classification_record(
        episode=episode, by=social_worker, kind=ClassificationKind.RC2, level=RiskLevel.LOW,
        classified_on=timezone.localdate() - timedelta(days=100), rationale="Sustained change",
    )  # fmt: skip
    services.episode_move_on(episode=episode, by=social_worker, move="submit_for_decision_3")
    client.force_login(service_manager)
    refused = _decide(client, episode, DecisionKind.DECISION_3, Outcome.REUNIFY)
    message = " ".join(_errors(refused))
    assert "Risk Classification 1 was High: risk has been Medium or Low since" in message
    assert _step(episode) == Step.DECISION_3
    assert not ReunificationDecision.objects.filter(kind=DecisionKind.DECISION_3).exists()


def test_when_rc1_was_high_reunify_is_allowed_after_six_months(client, service_manager, at_step):
    episode = at_step(Step.DECISION_3, rc1=RiskLevel.HIGH, start_days_ago=700)  # RC2 Low ~400 days ago
    client.force_login(service_manager)
    assert _decide(client, episode, DecisionKind.DECISION_3, Outcome.REUNIFY).status_code == 302


def test_a_high_reclassification_restarts_the_six_month_clock(client, service_manager, social_worker, at_step):
    episode = at_step(Step.DECISION_3, rc1=RiskLevel.HIGH, start_days_ago=700)
    services.classification_record(
        episode=episode, by=social_worker, kind=ClassificationKind.INTERIM, level=RiskLevel.HIGH,
        classified_on=timezone.localdate() - timedelta(days=50), rationale="Relapse",
    )  # fmt: skip
    services.classification_record(
        episode=episode, by=social_worker, kind=ClassificationKind.INTERIM, level=RiskLevel.MEDIUM,
        classified_on=timezone.localdate() - timedelta(days=20), rationale="Back on track",
    )  # fmt: skip
    client.force_login(service_manager)
    refused = _decide(client, episode, DecisionKind.DECISION_3, Outcome.REUNIFY)
    since = timezone.localdate() - timedelta(days=20)
    assert f"risk has been Medium or Low since {since:%-d %B %Y}" in " ".join(_errors(refused))


def test_the_return_home_needs_emergency_pwp_cpag_and_the_corporate_director(
    client, social_worker, head_of_service, corporate_director, at_step
):
    episode = at_step(Step.TRANSITION_HOME)
    client.force_login(social_worker)
    day = timezone.localdate()
    refused = client.post(
        reverse("reunification_return_home", args=[episode.pk]),
        {"returned_on_day": day.day, "returned_on_month": day.month, "returned_on_year": day.year},
    )
    errors = _errors(refused)
    assert any("Emergency Placed with Parents" in e for e in errors)
    assert "The service manager has not recorded the case decision on Emergency Placed with Parents" in errors
    assert "CPAG has not recommended the reunification plan" in errors
    assert "The Corporate Director has not agreed the reunification plan" in errors
    assert _step(episode) == Step.TRANSITION_HOME


def test_decisions_are_never_edited_and_corrections_keep_both(head_of_service, at_step):
    episode = at_step(Step.TRANSITION_HOME)
    first = services.decision_record(
        episode=episode, by=head_of_service, kind=DecisionKind.EMERGENCY_PWP, outcome=Outcome.NOT_AGREED,
        rationale="Housing not ready", decided_on=timezone.localdate(),
    )  # fmt: skip
    second = services.decision_record(
        episode=episode, by=head_of_service, kind=DecisionKind.EMERGENCY_PWP, outcome=Outcome.AGREED,
        rationale="Housing sorted", decided_on=timezone.localdate(),
    )  # fmt: skip
    assert second.supersedes == first
    first.rationale = "Rewritten"
    with pytest.raises(AppendOnlyError):
        first.save()
    assert ReunificationDecision.objects.get(pk=first.pk).rationale == "Housing not ready"


def test_a_decision_dated_before_the_episode_opened_is_refused(client, team_manager, at_step):
    episode = at_step(Step.DECISION_1)
    client.force_login(team_manager)
    response = _decide(client, episode, DecisionKind.DECISION_1, Outcome.PURSUE,
                       day=episode.identified_on - timedelta(days=1))  # fmt: skip
    assert response.context["form"].errors["decided_on"] == [
        f"The decision date cannot be before the child was identified, on {episode.identified_on:%-d %B %Y}"
    ]
    assert "Discussed in supervision" in response.content.decode()


def test_an_already_made_decision_posted_again_is_refused_in_words(client, team_manager, at_step):
    episode = at_step(Step.ASSESSMENT)
    client.force_login(team_manager)
    response = _decide(client, episode, DecisionKind.DECISION_1, Outcome.PURSUE)
    assert response.status_code == 200
    assert "Decision 1 is not waiting to be made: the episode is at &#x27;Assessment&#x27;" in response.content.decode()
    assert ReunificationDecision.objects.filter(kind=DecisionKind.DECISION_1).count() == 1


def test_a_level_outside_the_four_is_refused(client, social_worker, at_step):
    episode = at_step(Step.IMPLEMENTATION)
    client.force_login(social_worker)
    day = timezone.localdate()
    response = client.post(
        reverse("reunification_classification", args=[episode.pk]),
        {"kind": ClassificationKind.INTERIM, "level": "catastrophic", "rationale": "x",
         "classified_on_day": day.day, "classified_on_month": day.month, "classified_on_year": day.year},
    )  # fmt: skip
    assert response.context["form"].errors["level"] == ["Choose Low, Medium, High or Severe"]


def test_a_goal_without_a_timescale_is_refused(client, social_worker, at_step):
    episode = at_step(Step.PLANNING)
    client.force_login(social_worker)
    response = client.post(
        reverse("reunification_goal", args=[episode.pk]),
        {"what_must_change": "Stop drinking", "evidence": "Tests"},
    )
    assert response.context["form"].errors["by_when"] == [
        "A SMART goal needs a timescale: enter the date it should be met by"
    ]
    assert "Stop drinking" in response.content.decode()


def test_decision_1_is_copied_to_the_social_worker_advanced_practitioner_and_service_manager(
    client, team_manager, social_worker, advanced_practitioner, service_manager, at_step
):
    from caseflow.models import Notification

    episode = at_step(Step.DECISION_1)
    client.force_login(team_manager)
    _decide(client, episode, DecisionKind.DECISION_1, Outcome.PURSUE)
    decision = ReunificationDecision.objects.get(kind=DecisionKind.DECISION_1)
    copied = Notification.objects.filter(dedupe_key__endswith=f":decision_1:{decision.pk}")
    assert {n.recipient for n in copied} == {social_worker, advanced_practitioner, service_manager}
    assert (
        copied.get(recipient=social_worker).subject
        == f"Amira Hassan: Decision 1 by {team_manager}: Pursue reunification"
    )


def test_each_pending_decision_tells_the_role_that_must_act_once(
    client, social_worker, team_manager, service_manager, head_of_service, at_step
):
    """Decision 1 to the team manager, Decision 2 and 3 to the service manager, the ratification
    to the Head of Service: one notification each, however often the page is posted."""
    from caseflow.models import Notification

    episode = at_step(Step.IMPLEMENTATION, rc1=RiskLevel.LOW)
    client.force_login(social_worker)
    client.post(reverse("reunification_move", args=[episode.pk, "submit_for_decision_3"]))
    client.post(reverse("reunification_move", args=[episode.pk, "submit_for_decision_3"]))  # posted twice
    for_manager = Notification.objects.filter(recipient=service_manager, subject__contains="Decision 3 is waiting")
    assert for_manager.count() == 1
    client.force_login(service_manager)
    _decide(client, episode, DecisionKind.DECISION_3, Outcome.REUNIFY)
    _decide(client, episode, DecisionKind.DECISION_3, Outcome.REUNIFY)  # refused: already recorded
    for_head = Notification.objects.filter(recipient=head_of_service, subject__contains="Ratification of Decision 3")
    assert for_head.count() == 1
    waiting_for_tm = Notification.objects.filter(recipient=team_manager, subject__contains="Decision 1 is waiting")
    assert waiting_for_tm.count() == 1  # from the start of the episode
