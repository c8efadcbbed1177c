"""Adding and editing children, with search-before-create and plain-words errors."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from caseflow.constants import LegalStatus, PlacementType
from caseflow.models import Child, LegalStatusPeriod, PlacementPeriod
from tests.caseflow.factories import ChildFactory, NetworkPersonFactory


def _child_form(team, worker, **overrides):
    data = {
        "given_names": "Jordan",
        "family_name": "Price",
        "known_as": "",
        "date_of_birth_day": "14",
        "date_of_birth_month": "6",
        "date_of_birth_year": "2015",
        "gender": "not_known",
        "ethnicity": "",
        "local_reference": "LCS-300001",
        "team": str(team.pk),
        "allocated_worker": str(worker.pk),
        "reviewing_officer": "",
        "area_of_work": "looked_after",
        "legal_status": LegalStatus.S20,
        "legal_status_since_day": "3",
        "legal_status_since_month": "3",
        "legal_status_since_year": "2026",
    }
    data.update(overrides)
    return data


def test_a_social_worker_adds_a_child_with_a_legal_status(client, social_worker, team_a):
    client.force_login(social_worker)
    response = client.post(reverse("child_create"), _child_form(team_a, social_worker))
    child = Child.objects.get(local_reference="LCS-300001")
    assert response.url == reverse("child_detail", args=[child.pk])
    assert child.history.get().history_user == social_worker
    assert LegalStatusPeriod.objects.get(child=child).status == LegalStatus.S20


def test_possible_duplicates_are_shown_before_saving_and_the_user_confirms(client, social_worker, team_a, child_a):
    client.force_login(social_worker)
    born = child_a.date_of_birth
    data = _child_form(
        team_a,
        social_worker,
        given_names="Amirah",
        family_name="Hassan",
        date_of_birth_day=str(born.day),
        date_of_birth_month=str(born.month),
        date_of_birth_year=str(born.year),
    )
    first = client.post(reverse("child_create"), data)
    assert first.status_code == 200
    assert [match.child for match in first.context["duplicates"]] == [child_a]
    assert not Child.objects.filter(given_names="Amirah").exists()
    page = first.content.decode()
    assert reverse("child_detail", args=[child_a.pk]) in page
    assert 'value="Amirah"' in page

    confirmed = client.post(reverse("child_create"), {**data, "confirm_new": first.context["form"].data["confirm_new"]})
    assert confirmed.status_code == 302
    assert Child.objects.filter(given_names="Amirah").count() == 1


def test_changing_the_name_after_the_warning_checks_again(client, social_worker, team_a, child_a):
    client.force_login(social_worker)
    born = child_a.date_of_birth
    dob = {"date_of_birth_day": born.day, "date_of_birth_month": born.month, "date_of_birth_year": born.year}
    first = client.post(reverse("child_create"), _child_form(team_a, social_worker, given_names="Amirah", **dob))
    token = first.context["form"].data["confirm_new"]
    second = client.post(
        reverse("child_create"),
        _child_form(team_a, social_worker, given_names="Amira", confirm_new=token, **dob),
    )
    assert second.status_code == 200
    assert second.context["duplicates"]
    assert Child.objects.filter(family_name="Hassan").count() == 1


def test_a_duplicate_outside_access_is_reported_without_details(client, social_worker, team_a, child_b):
    client.force_login(social_worker)
    born = child_b.date_of_birth
    response = client.post(
        reverse("child_create"),
        _child_form(
            team_a,
            social_worker,
            given_names="Ellis",
            family_name="Murphy",
            date_of_birth_day=born.day,
            date_of_birth_month=born.month,
            date_of_birth_year=born.year,
        ),
    )
    page = response.content.decode()
    assert "A child in another team's caseload" in page
    assert str(child_b.pk) not in page
    assert "LCS-200201" not in page


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"given_names": ""}, "given_names", "Enter the child's given names"),
        ({"given_names": "   "}, "given_names", "Enter the child's given names"),
        ({"family_name": "x" * 10_000}, "family_name", "The child's family name must be 200 characters or fewer"),
        ({"date_of_birth_day": ""}, "date_of_birth", "Date of birth must include a day"),
        ({"date_of_birth_month": "13"}, "date_of_birth", "Date of birth must be a real date"),
        ({"date_of_birth_month": "2200000000"}, "date_of_birth", "Date of birth must be a real date"),
        ({"date_of_birth_year": "15"}, "date_of_birth", "Year must include 4 numbers"),
        ({"date_of_birth_day": "x"}, "date_of_birth", "Date of birth must be a real date, in numbers, like 27 3 2015"),
        ({"legal_status": ""}, "legal_status", "Choose the legal status"),
        ({"team": ""}, "team", "Choose the child's team"),
        ({"given_names": "Null\x00byte"}, "given_names", "Null characters are not allowed."),
    ],
)
def test_bad_input_gets_plain_words_and_keeps_what_was_typed(client, social_worker, team_a, overrides, field, message):
    client.force_login(social_worker)
    data = {**_child_form(team_a, social_worker), **overrides}
    response = client.post(reverse("child_create"), data)
    assert response.status_code == 200
    assert message in response.context["form"].errors[field]
    page = response.content.decode()
    assert "There is a problem" in page
    assert 'value="LCS-300001"' in page  # the rest of what was typed is still there
    assert not Child.objects.exists()


def test_a_date_of_birth_in_the_future_is_refused(client, social_worker, team_a):
    tomorrow = timezone.localdate() + timedelta(days=1)
    client.force_login(social_worker)
    response = client.post(
        reverse("child_create"),
        _child_form(
            team_a,
            social_worker,
            date_of_birth_day=tomorrow.day,
            date_of_birth_month=tomorrow.month,
            date_of_birth_year=tomorrow.year,
        ),
    )
    assert response.context["form"].errors["date_of_birth"] == ["Date of birth must be today or in the past"]
    assert 'value="Jordan"' in response.content.decode()


@pytest.mark.parametrize("name", ["Zoë", "Siobhán Ó Briain", "Nguyễn Thị", "سارة", "Leo 🦁", "Anne-Marie d'Arcy"])
def test_unusual_characters_are_saved_exactly(client, social_worker, team_a, name):
    client.force_login(social_worker)
    response = client.post(reverse("child_create"), _child_form(team_a, social_worker, given_names=name))
    assert response.status_code == 302
    child = Child.objects.get()
    assert child.given_names == name
    assert name in client.get(reverse("child_detail", args=[child.pk])).content.decode().replace("&#x27;", "'")


def test_a_local_reference_already_in_use_is_refused_in_plain_words(client, social_worker, team_a, child_b):
    client.force_login(social_worker)
    response = client.post(reverse("child_create"), _child_form(team_a, social_worker, local_reference="LCS-200201"))
    assert response.context["form"].errors["local_reference"] == [
        "Another child already has this local reference: check it, or search for the child"
    ]


def test_team_must_be_one_the_user_works_in(client, social_worker, team_a, team_b):
    client.force_login(social_worker)
    response = client.post(reverse("child_create"), _child_form(team_b, social_worker))
    assert response.context["form"].errors["team"] == ["Choose a team you work in"]


def test_the_allocated_worker_must_be_in_the_childs_team(client, team_manager, team_a, social_worker_team_b):
    client.force_login(team_manager)
    response = client.post(reverse("child_create"), _child_form(team_a, social_worker_team_b))
    assert response.context["form"].errors["allocated_worker"] == [
        f"{social_worker_team_b} is not in the Cared For team: choose someone in that team"
    ]


def test_editing_a_child_records_the_change_in_history(client, social_worker, social_worker_2, child_a):
    client.force_login(social_worker)
    data = _child_form(child_a.team, social_worker_2, given_names="Amira", family_name="Hassan-Smith")
    data["local_reference"] = child_a.local_reference
    response = client.post(reverse("child_edit", args=[child_a.pk]), data)
    assert response.url == reverse("child_detail", args=[child_a.pk])
    child_a.refresh_from_db()
    assert (child_a.family_name, child_a.allocated_worker) == ("Hassan-Smith", social_worker_2)
    latest = child_a.history.first()
    assert latest.history_user == social_worker
    page = client.get(reverse("child_detail", args=[child_a.pk])).content.decode()
    assert f"Allocated social worker: {social_worker} → {social_worker_2}" in page


def test_moving_a_child_out_of_the_editors_teams_goes_back_to_the_list(
    client, team_manager, team_b, child_a, social_worker_team_b
):
    team_manager.teams.add(team_b)
    client.force_login(team_manager)
    data = _child_form(team_b, social_worker_team_b, given_names="Amira", family_name="Hassan")
    data["local_reference"] = child_a.local_reference
    team_manager.teams.remove(child_a.team)
    response = client.post(reverse("child_edit", args=[child_a.pk]), data)
    assert response.status_code == 404  # no longer in the manager's teams, so not theirs to edit


def test_a_new_legal_status_closes_the_current_one(client, social_worker, child_a):
    client.force_login(social_worker)
    response = client.post(
        reverse("legal_status_create", args=[child_a.pk]),
        {
            "status": LegalStatus.SUPERVISION_ORDER,
            "start_date_day": "9",
            "start_date_month": "9",
            "start_date_year": "2026",
        },
    )
    assert response.status_code == 302
    periods = list(LegalStatusPeriod.objects.filter(child=child_a).order_by("start_date"))
    assert [(p.status, str(p.end_date)) for p in periods] == [
        (LegalStatus.CARE_ORDER, "2026-09-09"),
        (LegalStatus.SUPERVISION_ORDER, "None"),
    ]


def test_a_legal_status_cannot_start_before_the_current_one(client, social_worker, child_a):
    client.force_login(social_worker)
    response = client.post(
        reverse("legal_status_create", args=[child_a.pk]),
        {"status": LegalStatus.S20, "start_date_day": "1", "start_date_month": "1", "start_date_year": "2020"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["start_date"] == [
        "This must be on or after 6 January 2025, when the current one began"
    ]
    assert LegalStatusPeriod.objects.filter(child=child_a).count() == 1


def test_the_same_legal_status_again_is_refused(client, social_worker, child_a):
    client.force_login(social_worker)
    response = client.post(
        reverse("legal_status_create", args=[child_a.pk]),
        {"status": LegalStatus.CARE_ORDER, "start_date_day": "1", "start_date_month": "2", "start_date_year": "2026"},
    )
    assert response.context["form"].errors["status"] == ["The child's legal status is already Care order (s31)"]


def test_a_placement_change_is_recorded_with_dates(client, social_worker, child_a):
    client.force_login(social_worker)
    client.post(
        reverse("placement_create", args=[child_a.pk]),
        {
            "placement_type": PlacementType.HOME,
            "carer": "Mother",
            "start_date_day": "2",
            "start_date_month": "3",
            "start_date_year": "2026",
        },  # fmt: skip
    )
    current = PlacementPeriod.objects.get(child=child_a, end_date__isnull=True)
    assert (current.placement_type, current.carer, str(current.start_date)) == ("home", "Mother", "2026-03-02")


def test_network_people_are_added_and_edited(client, social_worker, child_a):
    client.force_login(social_worker)
    client.post(
        reverse("network_person_create", args=[child_a.pk]),
        {
            "name": "Pat Hassan",
            "relationship": "grandparent",
            "date_of_birth_day": "1",
            "date_of_birth_month": "1",
            "date_of_birth_year": "1960",
            "is_trusted_adult": "on",
            "contact": "07700 900000",
            "circle": "extended_family",
        },
    )
    person = child_a.network.get()
    assert person.is_trusted_adult
    assert str(person.date_of_birth) == "1960-01-01"
    client.post(
        reverse("network_person_edit", args=[child_a.pk, person.pk]),
        {"name": "Pat Hassan", "relationship": "grandparent", "contact": "changed", "circle": "other"},
    )
    person.refresh_from_db()
    assert (person.contact, person.is_trusted_adult, person.date_of_birth) == ("changed", False, None)


def test_a_network_person_of_another_child_is_not_found(client, social_worker, child_a, team_a):
    other = NetworkPersonFactory.create(child=ChildFactory.create(team=team_a))
    client.force_login(social_worker)
    assert client.get(reverse("network_person_edit", args=[child_a.pk, other.pk])).status_code == 404
