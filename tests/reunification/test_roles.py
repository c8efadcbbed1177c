"""Each write in a reunification episode, posted by a role that may not make it: refused, and
nothing recorded. (What each role sees on GET is in tests/caseflow/test_permission_matrix.py.)"""

import pytest
from django.urls import reverse
from django.utils import timezone

from reunification.constants import ClassificationKind, RiskLevel, Step
from reunification.models import ReunificationEpisode


def _day(prefix):
    day = timezone.localdate()
    return {f"{prefix}_day": day.day, f"{prefix}_month": day.month, f"{prefix}_year": day.year}


def _snapshot(episode):
    fresh = ReunificationEpisode.objects.get(pk=episode.pk)
    return (fresh.state, fresh.activities.count(), fresh.classifications.count(), fresh.police_checks.count(),
            fresh.goals.count(), fresh.decisions.count(), fresh.outcome)  # fmt: skip


WRITES = {
    "move": (Step.IDENTIFIED, lambda e: reverse("reunification_move", args=[e.pk, "submit_for_decision_1"]), {}),
    "activity": (
        Step.ASSESSMENT,
        lambda e: reverse("reunification_activity", args=[e.pk, "genogram"]),
        {**_day("done_on"), "note": "x"},
    ),
    "classification": (
        Step.IMPLEMENTATION,
        lambda e: reverse("reunification_classification", args=[e.pk]),
        {"kind": ClassificationKind.INTERIM, "level": RiskLevel.LOW, "rationale": "x", **_day("classified_on")},
    ),
    "goal": (
        Step.PLANNING,
        lambda e: reverse("reunification_goal", args=[e.pk]),
        {"what_must_change": "x", "evidence": "y", **_day("by_when")},
    ),
    "return_home": (
        Step.TRANSITION_HOME,
        lambda e: reverse("reunification_return_home", args=[e.pk]),
        _day("returned_on"),
    ),
    "end": (
        Step.ASSESSMENT,
        lambda e: reverse("reunification_end", args=[e.pk]),
        {"how": "exit", "outcome": "Moved away", **_day("on")},
    ),
}


@pytest.mark.parametrize(
    ("write", "role"),
    [
        ("move", "iro"),
        ("move", "deputy_director"),
        ("activity", "iro"),
        ("classification", "iro"),  # the IRO makes only the quick classification with the social worker
        ("classification", "deputy_director"),
        ("goal", "iro"),
        ("return_home", "iro"),
        ("return_home", "deputy_director"),
        ("end", "social_worker"),
        ("end", "service_manager"),
        ("end", "team_manager_b"),  # a team manager of another team does not see the child
    ],
)
def test_a_role_that_may_not_make_a_change_is_refused_and_nothing_is_recorded(request, client, at_step, write, role):
    step, url, data = WRITES[write]
    episode = at_step(step)
    before = _snapshot(episode)
    client.force_login(request.getfixturevalue(role))
    response = client.post(url(episode), data)
    assert response.status_code in (403, 404)
    assert _snapshot(episode) == before


@pytest.mark.parametrize(("write", "role"), [("move", "social_worker"), ("activity", "advanced_practitioner"),
                                             ("classification", "social_worker"), ("goal", "social_worker"),
                                             ("end", "team_manager")])  # fmt: skip
def test_the_roles_that_may_make_each_change_do(request, client, at_step, write, role):
    step, url, data = WRITES[write]
    episode = at_step(step)
    if write == "move":
        from reunification import services

        for key in ("sw_qaro_discussion", "supervision_discussion"):
            services.activity_record(episode=episode, by=request.getfixturevalue("social_worker"), key=key,
                                     done_on=timezone.localdate(), note="")  # fmt: skip
    before = _snapshot(episode)
    client.force_login(request.getfixturevalue(role))
    assert client.post(url(episode), data).status_code == 302
    assert _snapshot(episode) != before


def test_the_iro_records_the_quick_classification_of_the_sw_qaro_discussion(client, iro, at_step):
    episode = at_step(Step.IDENTIFIED)
    client.force_login(iro)
    response = client.post(
        reverse("reunification_classification", args=[episode.pk]),
        {"kind": ClassificationKind.QUICK, "level": RiskLevel.MEDIUM, "rationale": "Quick view",
         **_day("classified_on")},
    )  # fmt: skip
    assert response.status_code == 302
    assert episode.classifications.get().recorded_by == iro
