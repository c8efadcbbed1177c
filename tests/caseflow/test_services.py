"""Services: the one path every change takes, whoever calls it (view, command or task)."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from caseflow import services
from caseflow.constants import LegalStatus, PlacementType
from caseflow.models import Child, LegalStatusPeriod, NetworkPerson


def _fields(team, **overrides):
    return {
        "given_names": "Jordan",
        "family_name": "Price",
        "date_of_birth": date(2015, 6, 14),
        "local_reference": "LCS-300001",
        "team": team,
        **overrides,
    }


def test_child_create_records_who_and_why(social_worker, team_a):
    child = services.child_create(
        by=social_worker, fields=_fields(team_a), legal_status=LegalStatus.S20, legal_status_since=date(2026, 1, 5)
    )
    created = child.history.get()
    assert created.history_user == social_worker
    assert created.history_change_reason == "Child record created"
    assert LegalStatusPeriod.objects.get(child=child).history.get().history_user == social_worker


@pytest.mark.parametrize("role_fixture", ["iro", "deputy_director", "performance_officer", "administrator"])
def test_roles_that_do_not_record_casework_cannot_create_children(request, role_fixture, team_a):
    with pytest.raises(PermissionDenied):
        services.child_create(
            by=request.getfixturevalue(role_fixture),
            fields=_fields(team_a),
            legal_status=LegalStatus.S20,
            legal_status_since=date(2026, 1, 5),
        )
    assert not Child.objects.exists()


def test_a_failed_second_step_leaves_nothing_half_done(social_worker, team_a, child_a):
    # the legal status is invalid, so the child created in the same transaction is rolled back too
    with pytest.raises(Exception, match="status"):
        services.child_create(
            by=social_worker, fields=_fields(team_a), legal_status="not-a-status", legal_status_since=date(2026, 1, 5)
        )
    assert not Child.objects.filter(local_reference="LCS-300001").exists()


def test_a_worker_outside_the_team_cannot_record_for_the_child(social_worker_team_b, child_a):
    with pytest.raises(PermissionDenied):
        services.placement_record(
            child=child_a,
            by=social_worker_team_b,
            placement_type=PlacementType.HOME,
            carer="",
            start_date=date(2026, 3, 1),
        )


def test_periods_follow_on_without_gaps_or_overlaps(social_worker, child_a):
    services.placement_record(
        child=child_a, by=social_worker, placement_type=PlacementType.KINSHIP, carer="Aunt", start_date=date(2026, 2, 1)
    )
    services.placement_record(
        child=child_a, by=social_worker, placement_type=PlacementType.HOME, carer="", start_date=date(2026, 5, 1)
    )
    periods = list(child_a.placements.order_by("start_date").values_list("start_date", "end_date"))
    assert periods == [
        (date(2025, 1, 6), date(2026, 2, 1)),
        (date(2026, 2, 1), date(2026, 5, 1)),
        (date(2026, 5, 1), None),
    ]


def test_network_person_edits_keep_each_version(social_worker, child_a):
    person = services.network_person_save(
        person=NetworkPerson(child=child_a, name="Pat", relationship="grandparent"), by=social_worker
    )
    person.is_trusted_adult = True
    services.network_person_save(person=person, by=social_worker)
    reasons = list(person.history.order_by("history_date").values_list("history_change_reason", flat=True))
    assert reasons == ["Network person added", "Network person edited"]
