"""After the return home: closing rules, alerts, 'My work', the child page and the pathway's check."""

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from pathways import guards as pathway_guards
from pathways.constants import Stage as PathwayStage
from reunification import services
from reunification.constants import ClassificationKind, CpagDocument, DecisionKind, Outcome, RiskLevel, Step
from reunification.models import ReunificationDecision, ReunificationEpisode
from tests.pathways.factories import episode_at as pathway_at


def _end(client, episode, how="close", outcome="Settled at home with mum"):
    day = timezone.localdate()
    return client.post(
        reverse("reunification_end", args=[episode.pk]),
        {"how": how, "outcome": outcome, "on_day": day.day, "on_month": day.month, "on_year": day.year},
    )


def _classify(episode, by, level, days_ago, kind=ClassificationKind.RC3):
    services.classification_record(
        episode=episode, by=by, kind=kind, level=level,
        classified_on=timezone.localdate() - timedelta(days=days_ago), rationale="Reviewed",
    )  # fmt: skip


def test_closing_needs_six_months_of_low_and_twelve_months_of_support(client, team_manager, social_worker, at_step):
    episode = at_step(Step.AT_HOME, start_days_ago=500)  # home ~170 days ago, RC2 Low before that
    client.force_login(team_manager)
    refused = _end(client, episode)
    errors = refused.context["form"].non_field_errors()
    assert any(e.startswith("Support continues for at least 12 months after the return home (until") for e in errors)
    assert any(e.startswith("Risk has been Low since") for e in errors)
    assert ReunificationEpisode.objects.get(pk=episode.pk).state == Step.AT_HOME


def test_closing_is_allowed_when_both_clocks_have_run(client, team_manager, social_worker, at_step):
    episode = at_step(Step.AT_HOME, start_days_ago=900)  # home ~570 days ago
    _classify(episode, social_worker, RiskLevel.LOW, days_ago=300)
    client.force_login(team_manager)
    assert _end(client, episode).status_code == 302
    closed = ReunificationEpisode.objects.get(pk=episode.pk)
    assert (closed.state, closed.outcome) == (Step.CLOSED, "Settled at home with mum")


def test_a_later_rise_in_risk_restarts_the_low_clock_and_alerts(client, team_manager, social_worker, at_step):
    episode = at_step(Step.AT_HOME, start_days_ago=900)
    _classify(episode, social_worker, RiskLevel.MEDIUM, days_ago=30)
    client.force_login(team_manager)
    refused = _end(client, episode)
    assert "Risk is not classified Low since the return home" in refused.context["form"].non_field_errors()
    page = client.get(reverse("reunification_episode", args=[episode.pk])).content.decode()
    assert "Risk has increased since the last classification: discuss with the service manager" in page


def test_an_exit_part_way_records_its_reason_and_date_at_any_step(client, team_manager, at_step):
    episode = at_step(Step.ASSESSMENT)
    client.force_login(team_manager)
    _end(client, episode, how="exit", outcome="Family moved abroad")
    exited = ReunificationEpisode.objects.get(pk=episode.pk)
    assert (exited.state, exited.outcome, exited.ended_on) == (Step.EXITED, "Family moved abroad", timezone.localdate())


def test_high_standing_six_months_alerts_the_service_manager(client, service_manager, at_step):
    episode = at_step(Step.PLANNING, rc1=RiskLevel.HIGH, start_days_ago=400)  # Decision 2 ~330 days ago
    client.force_login(service_manager)
    sections = client.get(reverse("home")).context["sections"]
    alert = next(section for section in sections if section.title.startswith("High risk for six months"))
    assert [item.pk for item in alert.items] == [episode.pk]
    page = client.get(reverse("reunification_episode", args=[episode.pk])).content.decode()
    assert "(six months or more): reclassify it as Severe" in page


@pytest.mark.parametrize(
    ("step", "role"),
    [
        (Step.DECISION_1, "team_manager"),
        (Step.DECISION_2, "service_manager"),
        (Step.DECISION_3, "service_manager"),
        (Step.TRANSITION_HOME, "head_of_service"),  # Emergency Placed with Parents; ratification: test_corrections
    ],
)
def test_each_role_sees_its_waiting_decisions_on_my_work(request, client, at_step, step, role):
    episode = at_step(step)
    client.force_login(request.getfixturevalue(role))
    sections = client.get(reverse("home")).context["sections"]
    waiting = next(section for section in sections if section.title == "Reunification decisions waiting for you")
    assert episode in waiting.items


def test_the_child_page_shows_the_risk_over_time(client, social_worker, at_step, child_a):
    at_step(Step.IMPLEMENTATION)
    client.force_login(social_worker)
    page = client.get(reverse("child_detail", args=[child_a.pk])).content.decode()
    assert "Risk classifications over time" in page
    assert "Risk Classification 1 meeting recommendation" in page
    assert "Decision 2 confirmed" in page


def test_the_monitoring_form_shows_every_decision_and_date(client, social_worker, at_step, team_manager):
    episode = at_step(Step.AT_HOME, start_days_ago=800)
    client.force_login(social_worker)
    page = client.get(reverse("reunification_monitoring", args=[episode.pk])).content.decode()
    expected = [
        "Reunification Monitoring form",
        "Decision 1: Pursue reunification",
        f"{team_manager}",
        "Ratification of Decision 3: Ratified",
        "Corporate Director agreement: Agreed",
        "Returned home",
    ]
    for words in expected:
        assert words in page


def test_the_pathways_planned_return_waits_for_a_ratified_decision_3(
    social_worker, team_manager, deputy_director, at_step, child_a
):
    episode = at_step(Step.DECISION_3)
    pathway = pathway_at(PathwayStage.STAGE_2_FINAL_60_DAYS, child=child_a, social_worker=social_worker,
                         team_manager=team_manager, deputy_director=deputy_director)  # fmt: skip
    assert "The child's reunification episode has no ratified Decision 3 to reunify" in pathway_guards.missing(
        pathway, "return_home"
    )
    assert episode.pk


@pytest.mark.django_db(transaction=True)
def test_two_decision_1s_at_once_record_one(at_step, team_manager):
    from caseflow.constants import Role
    from tests.caseflow.factories import UserFactory

    episode = at_step(Step.DECISION_1)
    other = UserFactory.create(role=Role.TEAM_MANAGER, teams=[episode.child.team])
    barrier = threading.Barrier(2)
    outcomes: list[object] = []

    def decide(user):
        barrier.wait()
        try:
            outcomes.append(services.decision_record(
                episode=episode, by=user, kind=DecisionKind.DECISION_1, outcome=Outcome.PURSUE, rationale="Yes",
                decided_on=timezone.localdate(),
            ))  # fmt: skip
        except Exception as error:
            outcomes.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=decide, args=(user,)) for user in (team_manager, other)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert ReunificationDecision.objects.filter(kind=DecisionKind.DECISION_1).count() == 1
    assert sum(isinstance(outcome, ReunificationDecision) for outcome in outcomes) == 1
    assert ReunificationEpisode.objects.get(pk=episode.pk).state == Step.ASSESSMENT


def test_the_review_chair_follows_the_seed(social_worker, at_step, child_a):
    from caseflow import services as core_services
    from caseflow.constants import LegalStatus
    from reunification import selectors

    episode = at_step(Step.AT_HOME, start_days_ago=800)
    assert selectors.review_chair(episode=episode) == "The QARO (the child is on a care order)"

    # The same return, for a child accommodated under s20 when they went home.
    at_return = episode.returned_home_on
    current = child_a.legal_statuses.get(end_date__isnull=True)
    core_services.legal_status_record(child=child_a, by=social_worker, status=LegalStatus.S20,
                                      start_date=current.start_date)  # fmt: skip
    assert child_a.legal_statuses.filter(start_date__lte=at_return).order_by("-start_date", "-id").first().status == (
        LegalStatus.S20
    )
    assert selectors.review_chair(episode=episode) == "The QARO chairs the first review after the return home"
    services.activity_record(episode=episode, by=social_worker, key="cic_review_at_home",
                             done_on=timezone.localdate(), note="First review")  # fmt: skip
    assert selectors.review_chair(episode=episode) == (
        "The team manager or social worker, as part of the Child in Need plan"
    )


def test_demo_data_has_reunification_episodes_at_every_step(db):
    from django.core.management import call_command

    call_command("seed_demo")
    steps = set(ReunificationEpisode.objects.values_list("state", flat=True))
    assert set(Step.values) == steps
    exited = ReunificationEpisode.objects.get(state=Step.EXITED)
    assert exited.outcome.startswith("Exited part way")
    assert exited.ended_on is not None
    count = ReunificationEpisode.objects.count()
    call_command("seed_demo")
    assert ReunificationEpisode.objects.count() == count


def test_a_visit_records_whether_it_was_announced_and_the_child_seen_alone(client, social_worker, at_step):
    episode = at_step(Step.AT_HOME, start_days_ago=800)
    client.force_login(social_worker)
    url = reverse("reunification_activity", args=[episode.pk, "home_visit"])
    day = timezone.localdate()
    date_fields = {"done_on_day": day.day, "done_on_month": day.month, "done_on_year": day.year}
    missing = client.post(url, {**date_fields, "note": "Quiet evening"})
    assert missing.context["form"].errors["visit"] == ["Choose whether the visit was announced or unannounced"]
    assert missing.context["form"].errors["seen_alone"] == ["Say whether the child was seen alone"]
    assert "Quiet evening" in missing.content.decode()
    not_alone = client.post(url, {**date_fields, "visit": "announced", "seen_alone": "False"})
    assert not_alone.context["form"].errors["note"] == [
        "The child must be seen alone each time: say in the note why not"
    ]
    done = client.post(url, {**date_fields, "visit": "unannounced", "seen_alone": "True", "note": "Quiet evening"})
    assert done.status_code == 302
    page = client.get(reverse("reunification_episode", args=[episode.pk])).content.decode()
    assert f"{day:%-d %b %Y} (unannounced, child seen alone): Quiet evening" in page
    form = client.get(reverse("reunification_monitoring", args=[episode.pk])).content.decode()
    assert "(unannounced, child seen alone)" in form
    # other activities ask neither question
    genogram = client.get(reverse("reunification_activity", args=[episode.pk, "genogram"])).context["form"]
    assert "visit" not in genogram.fields


def _waiting(client):
    sections = client.get(reverse("home")).context["sections"]
    section = next(s for s in sections if s.title == "Reunification decisions waiting for you")
    return {item.pk: item.waiting_for for item in section.items}


def test_the_rha_sign_off_waits_for_the_team_manager_once_the_rha_is_completed(client, team_manager, at_step):
    from caseflow.models import Notification

    episode = at_step(Step.PLANNING)  # the RHA was completed during the assessment, not yet signed off
    told = Notification.objects.filter(recipient=team_manager, subject__contains="Signing off the Return Home")
    assert told.count() == 1
    client.force_login(team_manager)
    assert _waiting(client) == {episode.pk: "Return Home Assessment sign-off"}
    day = timezone.localdate()
    client.post(
        reverse("reunification_decision", args=[episode.pk, DecisionKind.RHA_SIGN_OFF]),
        {"outcome": Outcome.AGREED, "rationale": "Finalised", "decided_on_day": day.day,
         "decided_on_month": day.month, "decided_on_year": day.year},
    )  # fmt: skip
    assert _waiting(client) == {}


def test_the_corporate_director_sees_a_plan_cpag_recommended(client, social_worker, corporate_director, at_step):
    episode = at_step(Step.TRANSITION_HOME)
    client.force_login(corporate_director)
    assert _waiting(client) == {}  # nothing recommended yet
    client.force_login(social_worker)
    day = timezone.localdate()
    client.post(
        reverse("reunification_cpag", args=[episode.pk]),
        {"cpag_on_day": day.day, "cpag_on_month": day.month, "cpag_on_year": day.year, "cpag_recommended": "True",
         "cpag_documents": ["rha", "chronology"], "pwp_regulations_met": "True"},
    )  # fmt: skip
    client.force_login(corporate_director)
    assert _waiting(client) == {episode.pk: "Corporate Director agreement"}
    client.post(
        reverse("reunification_decision", args=[episode.pk, DecisionKind.CORPORATE_DIRECTOR]),
        {"outcome": Outcome.AGREED, "rationale": "Agreed", "decided_on_day": day.day, "decided_on_month": day.month,
         "decided_on_year": day.year},
    )  # fmt: skip
    assert _waiting(client) == {}


def test_cpag_records_each_document_presented_and_shows_what_is_missing(client, social_worker, at_step):
    episode = at_step(Step.TRANSITION_HOME)
    client.force_login(social_worker)
    day = timezone.localdate()
    response = client.post(
        reverse("reunification_cpag", args=[episode.pk]),
        {"cpag_on_day": day.day, "cpag_on_month": day.month, "cpag_on_year": day.year, "cpag_recommended": "True",
         "cpag_documents": [CpagDocument.RHA, CpagDocument.CHRONOLOGY, CpagDocument.PARENTAL_AGREEMENT]},
    )  # fmt: skip
    assert response.status_code == 302
    episode.refresh_from_db()
    assert episode.cpag_documents == ["rha", "chronology", "parental_agreement"]
    missing = "Decisions from the last CLA review, Reunification plan, Placed with Parents front sheet"
    assert f"Documents not yet recorded as presented: {missing}." in client.get(response.url).content.decode()
    form = client.get(reverse("reunification_monitoring", args=[episode.pk])).content.decode()
    assert f"documents not presented: {missing}" in form
    assert episode.history.first().cpag_documents == episode.cpag_documents


def test_a_cpag_document_not_on_the_list_is_refused_in_words(client, social_worker, at_step):
    episode = at_step(Step.TRANSITION_HOME)
    client.force_login(social_worker)
    response = client.post(reverse("reunification_cpag", args=[episode.pk]), {"cpag_documents": ["rha", "a letter"]})
    assert response.status_code == 200
    assert "Choose documents from the list" in response.content.decode()
    episode.refresh_from_db()
    assert episode.cpag_documents == []
