"""The six-month clocks, with time travel: 'reunify' after High waits for six months of Medium or
Low; High standing six months since Decision 2 raises the reclassify-as-Severe alert; closing
waits for six months of Low and twelve months at home."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import time_machine
from dateutil.relativedelta import relativedelta
from django.urls import reverse
from django.utils import timezone

from caseflow.deadlines.scan import scan_deadlines
from caseflow.models import Deadline, DeadlineStatus, Notification
from reunification import services
from reunification.constants import ClassificationKind, DecisionKind, Outcome, RiskLevel, Step
from reunification.models import ReunificationDecision, ReunificationEpisode

LONDON = ZoneInfo("Europe/London")


def _noon(day: date) -> datetime:
    return datetime.combine(day, time(12), tzinfo=LONDON)


def _day(prefix, day):
    return {f"{prefix}_day": day.day, f"{prefix}_month": day.month, f"{prefix}_year": day.year}


def _decide_reunify(client, episode):
    data = {"outcome": Outcome.REUNIFY, "rationale": "Sustained change", **_day("decided_on", timezone.localdate())}
    return client.post(reverse("reunification_decision", args=[episode.pk, DecisionKind.DECISION_3]), data)


def _section(client, title):
    return next(s for s in client.get(reverse("home")).context["sections"] if s.title.startswith(title))


def test_after_high_reunify_waits_until_six_months_of_medium_or_low(client, social_worker, service_manager, at_step):
    start = timezone.localdate()
    with time_machine.travel(_noon(start), tick=False):
        episode = at_step(Step.IMPLEMENTATION, rc1=RiskLevel.HIGH, start_days_ago=300)
        client.force_login(social_worker)
        client.post(
            reverse("reunification_classification", args=[episode.pk]),
            {"kind": ClassificationKind.RC2, "level": RiskLevel.MEDIUM, "rationale": "Change is holding",
             **_day("classified_on", start)},
        )  # fmt: skip
        client.post(reverse("reunification_move", args=[episode.pk, "submit_for_decision_3"]))
        assert ReunificationEpisode.objects.get(pk=episode.pk).state == Step.DECISION_3
        client.force_login(service_manager)
        refused = _decide_reunify(client, episode)
        possible_from = start + relativedelta(months=6)
        assert f"reunification is possible from {possible_from:%-d %B %Y}" in refused.content.decode()

    # Sessions time out: each visit months later signs in again.
    with time_machine.travel(_noon(possible_from - relativedelta(days=1)), tick=False):
        client.force_login(service_manager)
        assert _decide_reunify(client, episode).status_code == 200
        assert not ReunificationDecision.objects.filter(kind=DecisionKind.DECISION_3).exists()

    with time_machine.travel(_noon(possible_from), tick=False):
        client.force_login(service_manager)
        assert _decide_reunify(client, episode).status_code == 302
        decision = ReunificationDecision.objects.get(kind=DecisionKind.DECISION_3)
        assert (decision.outcome, decision.decided_on) == (Outcome.REUNIFY, possible_from)


def test_high_standing_six_months_from_decision_2_alerts_the_service_manager(
    client, social_worker, service_manager, team_manager, at_step
):
    start = timezone.localdate()
    with time_machine.travel(_noon(start), tick=False):
        episode = at_step(Step.DECISION_2, rc1=RiskLevel.HIGH, start_days_ago=120)
        client.force_login(service_manager)
        client.post(
            reverse("reunification_decision", args=[episode.pk, DecisionKind.DECISION_2]),
            {"outcome": Outcome.PROGRESS, "risk_level": RiskLevel.HIGH, "rationale": "High: interventions first",
             **_day("decided_on", start)},
        )  # fmt: skip
        scan_deadlines()
        deadline = Deadline.objects.get(kind="reunification_high_risk_standing")
        assert timezone.localtime(deadline.due_at).date() == start + relativedelta(months=6)

    six_months = start + relativedelta(months=6)
    with time_machine.travel(_noon(six_months - relativedelta(days=1)), tick=False):
        client.force_login(service_manager)  # sessions time out: sign in again months later
        assert episode.pk not in [item.pk for item in _section(client, "High risk for six months").items]
        scan_deadlines()
        assert Deadline.objects.get(pk=deadline.pk).status == DeadlineStatus.OPEN

    with time_machine.travel(_noon(six_months + relativedelta(days=1)), tick=False):
        client.force_login(service_manager)
        assert [item.pk for item in _section(client, "High risk for six months").items] == [episode.pk]
        page = client.get(reverse("reunification_episode", args=[episode.pk])).content.decode()
        assert "(six months or more): reclassify it as Severe" in page
        scan_deadlines()
        assert Deadline.objects.get(pk=deadline.pk).status == DeadlineStatus.OVERDUE
        told = Notification.objects.filter(dedupe_key=f"deadline:{deadline.pk}:overdue")
        assert {n.recipient for n in told} >= {social_worker, team_manager, service_manager}

        # a reclassification answers the alert
        client.force_login(social_worker)
        client.post(
            reverse("reunification_classification", args=[episode.pk]),
            {"kind": ClassificationKind.INTERIM, "level": RiskLevel.SEVERE, "rationale": "No change in six months",
             **_day("classified_on", timezone.localdate())},
        )  # fmt: skip
        scan_deadlines()
        assert Deadline.objects.get(pk=deadline.pk).status == DeadlineStatus.MET
        client.force_login(service_manager)
        assert episode.pk not in [item.pk for item in _section(client, "High risk for six months").items]


def test_closing_waits_for_six_months_of_low_and_twelve_months_at_home(
    client, social_worker, team_manager, service_manager, head_of_service, corporate_director, at_step
):
    start = timezone.localdate()
    with time_machine.travel(_noon(start), tick=False):
        episode = at_step(Step.TRANSITION_HOME, rc1=RiskLevel.LOW, start_days_ago=400)
        approvers = {"head": head_of_service, "manager": service_manager, "director": corporate_director}
        episode = _approve_and_return(episode, social_worker, start, **approvers)
        services.classification_record(
            episode=episode, by=social_worker, kind=ClassificationKind.RC3, level=RiskLevel.LOW,
            classified_on=start, rationale="Low at home",
        )  # fmt: skip

    def close():
        client.force_login(team_manager)
        return client.post(
            reverse("reunification_end", args=[episode.pk]),
            {"how": "close", "outcome": "Sustained", **_day("on", timezone.localdate())},
        )

    with time_machine.travel(_noon(start + relativedelta(months=12) - relativedelta(days=1)), tick=False):
        refused = close()
        errors = refused.context["form"].non_field_errors()
        until = start + relativedelta(months=12)
        assert f"Support continues for at least 12 months after the return home (until {until:%-d %B %Y})" in errors
        assert not any(e.startswith("Risk has been Low since") for e in errors)  # six months of Low have run

    with time_machine.travel(_noon(start + relativedelta(months=12)), tick=False):
        assert close().status_code == 302
        assert ReunificationEpisode.objects.get(pk=episode.pk).state == Step.CLOSED


def _approve_and_return(episode, social_worker, day, *, head, manager, director):
    """The return home on this day, with the approvals it needs (recorded by the roles the seed names)."""
    for kind, by in ((DecisionKind.EMERGENCY_PWP, head), (DecisionKind.PWP_CASE_DECISION, manager)):
        services.decision_record(episode=episode, by=by, kind=kind, outcome=Outcome.AGREED, rationale="Yes",
                                 decided_on=day)  # fmt: skip
    services.episode_details_update(episode=episode, by=social_worker,
                                    fields={"cpag_on": day, "cpag_recommended": True})  # fmt: skip
    services.decision_record(episode=episode, by=director, kind=DecisionKind.CORPORATE_DIRECTOR,
                             outcome=Outcome.AGREED, rationale="Agreed", decided_on=day)  # fmt: skip
    return services.return_home_record(episode=episode, by=social_worker, returned_on=day)
