"""Decisions and classifications are never edited: a correction supersedes, both kept and shown.
Also who may ratify, the RHA sign-off, and the service manager's Emergency PwP case decision."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from caseflow.constants import Role
from caseflow.models import Notification
from reunification import services
from reunification.constants import ClassificationKind, DecisionKind, Outcome, RiskLevel, Step
from reunification.models import ReunificationDecision, ReunificationEpisode, RiskClassification
from tests.caseflow.factories import UserFactory


def _day(prefix, day):
    return {f"{prefix}_day": day.day, f"{prefix}_month": day.month, f"{prefix}_year": day.year}


def _decision_url(episode, kind, corrects=None):
    url = reverse("reunification_decision", args=[episode.pk, kind])
    return f"{url}?corrects={corrects.pk}" if corrects is not None else url


def _decide(client, episode, kind, outcome, **extra):
    data = {"outcome": outcome, "rationale": "Discussed", **_day("decided_on", timezone.localdate()), **extra}
    return client.post(_decision_url(episode, kind), data)


def _page(client, episode):
    return client.get(reverse("reunification_episode", args=[episode.pk])).content.decode()


def _errors(response):
    return " ".join(response.context["form"].non_field_errors())


def test_a_classification_is_corrected_from_the_page_and_both_are_shown(client, social_worker, at_step):
    episode = at_step(Step.IMPLEMENTATION)
    wrong = services.classification_record(
        episode=episode, by=social_worker, kind=ClassificationKind.INTERIM, level=RiskLevel.HIGH,
        classified_on=timezone.localdate() - timedelta(days=3), rationale="Typed the wrong level",
    )  # fmt: skip
    client.force_login(social_worker)
    url = reverse("reunification_classification", args=[episode.pk]) + f"?corrects={wrong.pk}"
    assert f'href="{url}"' in _page(client, episode).replace("&amp;", "&")
    form = client.get(url).context["form"]
    assert "kind" not in form.fields  # a correction is of the same kind
    assert form.initial["level"] == RiskLevel.HIGH
    day = timezone.localdate() - timedelta(days=3)
    response = client.post(
        url, {"level": RiskLevel.MEDIUM, "rationale": "Medium, as agreed", **_day("classified_on", day)}
    )
    assert response.status_code == 302
    correction = RiskClassification.objects.get(supersedes=wrong)
    assert (correction.kind, correction.level) == (ClassificationKind.INTERIM, RiskLevel.MEDIUM)
    assert RiskClassification.objects.get(pk=wrong.pk).level == RiskLevel.HIGH  # kept as it was
    page = _page(client, episode)
    assert "Reclassification (corrected later)" in page
    assert "Reclassification (a correction)" in page
    # the rules read the correction, not what it replaced
    assert [c.level for c in ReunificationEpisode.objects.get(pk=episode.pk).current_classifications()][-1] == (
        RiskLevel.MEDIUM
    )

    again = client.post(url, {"level": RiskLevel.LOW, "rationale": "Again", **_day("classified_on", day)})
    assert "This classification has already been corrected: correct the latest record instead" in _errors(again)
    assert "Again" in again.content.decode()  # what was typed is kept
    assert RiskClassification.objects.filter(supersedes__isnull=False).count() == 1


@pytest.mark.parametrize("corrects", ["abc", "99999999999999999999", "0"])
def test_correcting_a_record_that_is_not_there_is_a_404(client, social_worker, at_step, corrects):
    episode = at_step(Step.IMPLEMENTATION)
    client.force_login(social_worker)
    url = reverse("reunification_classification", args=[episode.pk]) + f"?corrects={corrects}"
    assert client.get(url).status_code == 404


def test_decision_2s_risk_level_is_corrected_and_the_rules_follow_the_correction(
    client, service_manager, social_worker, at_step
):
    episode = at_step(Step.IMPLEMENTATION, rc1=RiskLevel.LOW)
    original = ReunificationDecision.objects.get(episode=episode, kind=DecisionKind.DECISION_2)
    client.force_login(service_manager)
    assert f"?corrects={original.pk}" in _page(client, episode)
    url = _decision_url(episode, DecisionKind.DECISION_2, corrects=original)
    form = client.get(url).context["form"]
    assert "outcome" not in form.fields  # the outcome stays: the episode moved on with it
    response = client.post(url, {"risk_level": RiskLevel.MEDIUM, "rationale": "Medium was agreed, not Low",
                                 **_day("decided_on", original.decided_on)})  # fmt: skip
    assert response.status_code == 302
    correction = ReunificationDecision.objects.get(supersedes=original)
    assert (correction.outcome, correction.risk_level, correction.decided_by) == (
        Outcome.PROGRESS, RiskLevel.MEDIUM, service_manager
    )  # fmt: skip
    assert ReunificationDecision.objects.get(pk=original.pk).risk_level == RiskLevel.LOW
    page = _page(client, episode)
    assert "Decision 2 confirmed (corrected later)" in page
    assert "a correction: supersedes the record of" in page
    # RC1 now counts as Medium, so Decision 3 needs Risk Classification 2
    client.force_login(social_worker)
    refused = client.post(reverse("reunification_move", args=[episode.pk, "submit_for_decision_3"]))
    assert "Risk Classification 2 is needed because Risk Classification 1 was medium" in _errors(refused)
    monitoring = client.get(reverse("reunification_monitoring", args=[episode.pk])).content.decode()
    assert "Decision 2: Progress with reunification (Low risk) (corrected later)" in monitoring
    assert "Decision 2: Progress with reunification (Medium risk) (a correction)" in monitoring


def test_a_correction_to_or_from_severe_is_a_new_decision(client, service_manager, at_step):
    episode = at_step(Step.PLANNING)
    original = ReunificationDecision.objects.get(episode=episode, kind=DecisionKind.DECISION_2)
    client.force_login(service_manager)
    response = client.post(_decision_url(episode, DecisionKind.DECISION_2, corrects=original),
                           {"risk_level": RiskLevel.SEVERE, "rationale": "Severe",
                            **_day("decided_on", original.decided_on)})  # fmt: skip
    assert "a change to or from Severe is a new decision" in response.context["form"].errors["risk_level"][0]
    assert not ReunificationDecision.objects.filter(supersedes=original).exists()


def test_only_the_deciding_role_corrects_a_decision(client, social_worker, head_of_service, at_step):
    episode = at_step(Step.PLANNING)
    original = ReunificationDecision.objects.get(episode=episode, kind=DecisionKind.DECISION_2)
    for user in (social_worker, head_of_service):
        client.force_login(user)
        assert f"?corrects={original.pk}" not in _page(client, episode)
        url = _decision_url(episode, DecisionKind.DECISION_2, corrects=original)
        data = {"risk_level": RiskLevel.HIGH, "rationale": "x", **_day("decided_on", original.decided_on)}
        assert client.post(url, data).status_code == 403
    assert not ReunificationDecision.objects.filter(supersedes=original).exists()


def test_a_decision_3_the_head_of_service_has_answered_is_not_corrected(
    client, service_manager, head_of_service, at_step
):
    episode = at_step(Step.DECISION_3)
    client.force_login(service_manager)
    _decide(client, episode, DecisionKind.DECISION_3, Outcome.REUNIFY)
    decision_3 = ReunificationDecision.objects.get(kind=DecisionKind.DECISION_3)
    # before ratification the service manager may correct it; the ratification answers the correction
    client.post(_decision_url(episode, DecisionKind.DECISION_3, corrects=decision_3),
                {"rationale": "Reasons in full", **_day("decided_on", timezone.localdate())})  # fmt: skip
    correction = ReunificationDecision.objects.get(supersedes=decision_3)
    client.force_login(head_of_service)
    _decide(client, episode, DecisionKind.RATIFICATION, Outcome.RATIFIED)
    assert ReunificationDecision.objects.get(kind=DecisionKind.RATIFICATION).responds_to == correction
    assert ReunificationEpisode.objects.get(pk=episode.pk).state == Step.TRANSITION_HOME
    client.force_login(service_manager)
    assert f"?corrects={correction.pk}" not in _page(client, episode)
    page = client.get(_decision_url(episode, DecisionKind.DECISION_3, corrects=correction)).content.decode()
    assert "The Head of Service has responded to this Decision 3: record a new Decision 3 instead" in page


def test_the_person_who_recorded_decision_3_cannot_ratify_it(client, service_manager, at_step):
    episode = at_step(Step.DECISION_3)
    client.force_login(service_manager)
    _decide(client, episode, DecisionKind.DECISION_3, Outcome.REUNIFY)
    service_manager.role = Role.HEAD_OF_SERVICE  # promoted before the ratification
    service_manager.save()
    assert "Record Ratification of Decision 3" not in _page(client, episode)
    refused = _decide(client, episode, DecisionKind.RATIFICATION, Outcome.RATIFIED)
    assert refused.status_code == 200
    assert "You recorded this Decision 3: another Head of Service must ratify it" in refused.content.decode()
    assert not ReunificationDecision.objects.filter(kind=DecisionKind.RATIFICATION).exists()
    assert ReunificationEpisode.objects.get(pk=episode.pk).state == Step.DECISION_3


def test_the_team_manager_signs_off_the_rha_once_it_is_finalised(client, team_manager, social_worker, at_step):
    episode = at_step(Step.PLANNING)
    services.episode_details_update(episode=episode, by=social_worker, fields={"rha_completed_on": None})
    client.force_login(social_worker)
    assert _decide(client, episode, DecisionKind.RHA_SIGN_OFF, Outcome.AGREED).status_code == 403
    client.force_login(team_manager)
    refused = _decide(client, episode, DecisionKind.RHA_SIGN_OFF, Outcome.AGREED)
    assert "record the date it was completed" in refused.content.decode()
    services.episode_details_update(episode=episode, by=social_worker,
                                    fields={"rha_completed_on": timezone.localdate()})  # fmt: skip
    assert _decide(client, episode, DecisionKind.RHA_SIGN_OFF, Outcome.AGREED).status_code == 302
    again = _decide(client, episode, DecisionKind.RHA_SIGN_OFF, Outcome.AGREED)
    assert "The Return Home Assessment is already signed off" in again.content.decode()
    assert ReunificationDecision.objects.filter(kind=DecisionKind.RHA_SIGN_OFF).count() == 1


def test_the_service_manager_records_the_emergency_pwp_case_decision_after_the_head_of_service_approves(
    client, service_manager, head_of_service, at_step
):
    episode = at_step(Step.TRANSITION_HOME)
    client.force_login(service_manager)
    early = client.get(_decision_url(episode, DecisionKind.PWP_CASE_DECISION)).content.decode()
    assert "The Head of Service has not approved Emergency Placed with Parents" in early
    assert "The service manager has not recorded the case decision on Emergency Placed with Parents" in _page(
        client, episode
    )

    client.force_login(head_of_service)
    assert _decide(client, episode, DecisionKind.PWP_CASE_DECISION, Outcome.AGREED).status_code == 403
    _decide(client, episode, DecisionKind.EMERGENCY_PWP, Outcome.AGREED)
    told = Notification.objects.filter(recipient=service_manager, dedupe_key__contains=":pwp:")
    assert told.count() == 1

    client.force_login(service_manager)
    waiting = next(s for s in client.get(reverse("home")).context["sections"]
                   if s.title == "Reunification decisions waiting for you")  # fmt: skip
    assert episode in waiting.items
    assert _decide(client, episode, DecisionKind.PWP_CASE_DECISION, Outcome.AGREED).status_code == 302
    decision = ReunificationDecision.objects.get(kind=DecisionKind.PWP_CASE_DECISION)
    assert (decision.decided_by, decision.decided_by_role) == (service_manager, "Service manager")
    assert "case decision on Emergency Placed with Parents" not in _page(client, episode)
    waiting = next(s for s in client.get(reverse("home")).context["sections"]
                   if s.title == "Reunification decisions waiting for you")  # fmt: skip
    assert episode not in waiting.items


def test_a_second_head_of_service_sees_the_ratification_waiting(client, service_manager, at_step):
    other = UserFactory.create(role=Role.HEAD_OF_SERVICE, sees_all_areas=True)
    episode = at_step(Step.DECISION_3)
    client.force_login(other)
    waiting = next(s for s in client.get(reverse("home")).context["sections"]
                   if s.title == "Reunification decisions waiting for you")  # fmt: skip
    assert episode not in waiting.items  # nothing to ratify until the service manager decides
    client.force_login(service_manager)
    _decide(client, episode, DecisionKind.DECISION_3, Outcome.REUNIFY)
    client.force_login(other)
    waiting = next(s for s in client.get(reverse("home")).context["sections"]
                   if s.title == "Reunification decisions waiting for you")  # fmt: skip
    assert episode in waiting.items
