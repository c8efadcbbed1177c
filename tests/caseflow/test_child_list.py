"""The children list: search, filters, sorting, paging, and a fixed number of queries."""

from datetime import date

import pytest
from django.urls import reverse

from caseflow.constants import LegalStatus
from tests.caseflow.factories import ChildFactory, LegalStatusPeriodFactory, UserFactory


def _names(response):
    return [child.full_name for child in response.context["page"].object_list]


def test_search_by_name_finds_the_child(client, social_worker, child_a, team_a):
    ChildFactory.create(team=team_a, given_names="Jayden", family_name="Clarke")
    client.force_login(social_worker)
    assert _names(client.get(reverse("child_list"), {"q": "amira"})) == ["Amira Hassan"]
    assert _names(client.get(reverse("child_list"), {"q": "hassan amira"})) == ["Amira Hassan"]


def test_search_by_local_reference_and_date_of_birth(client, social_worker, child_a, team_a):
    ChildFactory.create(team=team_a, date_of_birth=date(2016, 7, 2))
    client.force_login(social_worker)
    assert _names(client.get(reverse("child_list"), {"q": "lcs-100101"})) == ["Amira Hassan"]
    born = child_a.date_of_birth
    for typed in (f"{born:%d/%m/%Y}", f"{born.day} {born.month} {born.year}", born.isoformat()):
        assert _names(client.get(reverse("child_list"), {"q": typed})) == ["Amira Hassan"], typed


def test_search_with_no_match_says_so(client, social_worker, child_a):
    client.force_login(social_worker)
    response = client.get(reverse("child_list"), {"q": "nobody-of-this-name"})
    assert _names(response) == []
    assert "No children in your caseload match" in response.content.decode()


def test_filters_by_team_legal_status_and_worker(client, service_manager, child_a, child_b, social_worker):
    LegalStatusPeriodFactory.create(child=ChildFactory.create(team=child_b.team), status=LegalStatus.S20)
    client.force_login(service_manager)
    assert _names(client.get(reverse("child_list"), {"team": child_a.team_id})) == ["Amira Hassan"]
    by_status = client.get(reverse("child_list"), {"legal_status": LegalStatus.CARE_ORDER})
    assert sorted(_names(by_status)) == ["Amira Hassan", "Ellis Murphy"]
    assert _names(client.get(reverse("child_list"), {"worker": social_worker.pk})) == ["Amira Hassan"]


def test_a_search_that_looks_like_a_date_but_cannot_be_one_finds_nothing(client, social_worker, child_a):
    client.force_login(social_worker)
    for typed in ("31/02/2015", "1/2200000000/2015", "0/0/0"):
        response = client.get(reverse("child_list"), {"q": typed})
        assert response.status_code == 200, typed
        assert _names(response) == []


def test_unknown_filter_values_are_ignored_not_an_error(client, social_worker, child_a):
    client.force_login(social_worker)
    response = client.get(reverse("child_list"), {"team": "x", "legal_status": "bogus", "sort": "evil", "page": "z"})
    assert response.status_code == 200
    assert _names(response) == ["Amira Hassan"]


def test_sorts_by_date_of_birth_both_ways(client, team_manager, team_a):
    for year in (2012, 2010, 2014):
        ChildFactory.create(team=team_a, given_names=f"Born{year}", family_name="Child", date_of_birth=date(year, 1, 1))
    client.force_login(team_manager)
    ascending = client.get(reverse("child_list"), {"sort": "dob"})
    assert _names(ascending) == ["Born2010 Child", "Born2012 Child", "Born2014 Child"]
    descending = client.get(reverse("child_list"), {"sort": "dob", "order": "desc"})
    assert _names(descending) == ["Born2014 Child", "Born2012 Child", "Born2010 Child"]
    assert 'aria-sort="descending"' in descending.content.decode()


def test_pages_hold_25_children(client, team_manager, team_a):
    for number in range(30):
        ChildFactory.create(team=team_a, family_name=f"Family{number:02d}")
    client.force_login(team_manager)
    assert len(_names(client.get(reverse("child_list")))) == 25
    assert len(_names(client.get(reverse("child_list"), {"page": 2}))) == 5


@pytest.mark.parametrize("children", [3, 40])
def test_query_count_does_not_grow_with_the_caseload(
    client, team_manager, team_a, django_assert_max_num_queries, children
):
    worker = UserFactory.create(teams=[team_a])
    for _ in range(children):
        LegalStatusPeriodFactory.create(child=ChildFactory.create(team=team_a, allocated_worker=worker))
    client.force_login(team_manager)
    # Includes the session renewal and the notification count; the page's ids, then its rows.
    with django_assert_max_num_queries(11):
        response = client.get(reverse("child_list"))
    assert response.status_code == 200


@pytest.mark.parametrize("children", [3, 60])
def test_a_filtered_deep_page_does_not_grow_with_the_caseload(
    client, deputy_director, team_a, django_assert_max_num_queries, children
):
    """The director's list filtered by legal status, on its last page: rows, legal status and
    placement shown for that page only, the same queries however many children there are."""
    workers = [UserFactory.create(teams=[team_a]) for _ in range(3)]
    for number in range(children):
        child = ChildFactory.create(team=team_a, allocated_worker=workers[number % 3], family_name=f"F{number:03d}")
        LegalStatusPeriodFactory.create(child=child, status=LegalStatus.CARE_ORDER if number % 2 else LegalStatus.CIN)
    client.force_login(deputy_director)
    last = -(-(children // 2) // 25)
    with django_assert_max_num_queries(13):  # as above, and the permission checks a director's page makes
        response = client.get(reverse("child_list"), {"legal_status": LegalStatus.CARE_ORDER, "page": last})
    listed = response.context["page"].object_list
    assert listed
    assert all(child.current_legal_status == LegalStatus.CARE_ORDER for child in listed)
    care_orders = [f"F{number:03d}" for number in range(children) if number % 2]
    assert [child.family_name for child in listed] == care_orders[(last - 1) * 25 :]
    assert len(response.context["workers"]) == 3


def test_the_worker_filter_escapes_names_and_keeps_the_choice(client, team_manager, team_a):
    worker = UserFactory.create(teams=[team_a], first_name='<b>"Jo"', last_name="O'Neil")
    ChildFactory.create(team=team_a, allocated_worker=worker)
    client.force_login(team_manager)
    html = client.get(reverse("child_list"), {"worker": worker.pk}).content.decode()
    assert f'<option value="{worker.pk}" selected>&lt;b&gt;&quot;Jo&quot; O&#x27;Neil</option>' in html
    assert '<b>"Jo"' not in html
