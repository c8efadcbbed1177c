"""The child page: identity bar, network, histories, timeline and the access log."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from caseflow.constants import LegalStatus
from caseflow.models import AppendOnlyError, Child, ChildAccessLog, LegalStatusPeriod, NetworkPerson, PlacementPeriod
from tests.caseflow.factories import NetworkPersonFactory


def _day(name, day):
    return {f"{name}_day": day.day, f"{name}_month": day.month, f"{name}_year": day.year}


def test_child_page_shows_identity_network_and_histories(client, social_worker, child_a):
    NetworkPersonFactory.create(child=child_a, name="Pat Hassan", is_trusted_adult=True, date_of_birth=date(1960, 1, 1))
    client.force_login(social_worker)
    page = client.get(reverse("child_detail", args=[child_a.pk])).content.decode()
    for expected in ("Amira Hassan", "Care order (s31)", "Cared For", str(social_worker), "LCS-100101"):
        assert expected in page
    assert "Pat Hassan" in page
    assert "Trusted adult" in page
    assert "Foster care" in page
    assert "Mr and Mrs Bennett" in page
    assert "Legal status history" in page
    assert "Placement history" in page


def test_opening_a_child_is_written_to_the_access_log(client, social_worker, child_a):
    client.force_login(social_worker)
    client.get(reverse("child_detail", args=[child_a.pk]), REMOTE_ADDR="10.1.2.3")
    entry = ChildAccessLog.objects.get()
    assert (entry.user, entry.child, entry.ip_address) == (social_worker, child_a, "10.1.2.3")
    assert entry.path == reverse("child_detail", args=[child_a.pk])


def test_a_refused_open_is_not_logged_as_an_open(client, social_worker_team_b, child_a):
    client.force_login(social_worker_team_b)
    assert client.get(reverse("child_detail", args=[child_a.pk])).status_code == 404
    assert not ChildAccessLog.objects.exists()


def test_the_access_log_cannot_be_changed_or_deleted(social_worker, child_a):
    entry = ChildAccessLog.objects.create(user=social_worker, child=child_a, path="/x")
    entry.path = "/changed"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    assert ChildAccessLog.objects.get().path == "/x"


def test_timeline_shows_who_changed_what_in_words(client, social_worker, team_manager, child_a):
    client.force_login(social_worker)
    client.post(
        reverse("legal_status_create", args=[child_a.pk]),
        {
            "status": LegalStatus.PLACEMENT_ORDER,
            "start_date_day": "1",
            "start_date_month": "2",
            "start_date_year": "2026",
        },
    )
    page = client.get(reverse("child_detail", args=[child_a.pk])).content.decode()
    assert "Legal status period added: Placement order" in page
    assert f"by {social_worker} (Social worker)" in page
    # the previous period was closed on the day the new one began, shown as a change in words
    assert "Until: blank → 1 February 2026" in page


@pytest.mark.parametrize("changes", [2, 30])
def test_child_page_query_count_does_not_grow_with_history(
    client, social_worker, child_a, django_assert_max_num_queries, changes
):
    for number in range(changes):
        child_a.known_as = f"Name {number}"
        child_a.save()
        NetworkPersonFactory.create(child=child_a)
    client.force_login(social_worker)
    # Fixed by the kinds of record on the page, not the length of the history: one query finds the
    # timeline page, then two per kind of record on it and one per kind of linked record (and one per
    # panel a framework adds, such as the care planning criteria).
    with django_assert_max_num_queries(29):
        response = client.get(reverse("child_detail", args=[child_a.pk]))
    assert response.status_code == 200


def test_full_history_pages_through_older_changes(client, social_worker, child_a):
    for number in range(60):
        child_a.known_as = f"Name {number}"
        child_a.save()
    client.force_login(social_worker)
    first = client.get(reverse("child_history", args=[child_a.pk]))
    assert len(first.context["entries"]) == 50
    assert first.context["has_more"]
    second = client.get(reverse("child_history", args=[child_a.pk]), {"page": 2})
    assert not second.context["has_more"]
    assert "Child added: Amira Hassan" in second.content.decode()
    assert client.get(reverse("child_history", args=[child_a.pk]), {"page": "x"}).status_code == 200


def _backdate_history(child, when):
    """Make everything recorded so far about the child look as if it was recorded on `when`."""
    Child.history.filter(id=child.pk).update(history_date=when)
    for model in (LegalStatusPeriod, PlacementPeriod, NetworkPerson):
        model.history.filter(child_id=child.pk).update(history_date=when)


def test_the_record_as_it_was_on_a_past_date(client, social_worker, child_a):
    _backdate_history(child_a, timezone.now() - timedelta(days=100))
    earlier = timezone.localdate() - timedelta(days=50)
    child_a.family_name = "Hassan-Osei"
    child_a.save()
    NetworkPersonFactory.create(child=child_a, name="Noor Osei")
    client.force_login(social_worker)
    client.post(
        reverse("legal_status_create", args=[child_a.pk]),
        {"status": LegalStatus.PLACEMENT_ORDER, **_day("start_date", timezone.localdate())},
    )
    url = reverse("child_as_it_was", args=[child_a.pk])

    then = client.get(url, {"on": f"{earlier:%d/%m/%Y}"})
    assert then.context["record"].child.full_name == "Amira Hassan"
    assert [(p.status, p.end_date) for p in then.context["record"].legal_statuses] == [(LegalStatus.CARE_ORDER, None)]
    assert "Noor Osei" not in then.content.decode()

    now = client.get(url, {"on": f"{timezone.localdate():%d/%m/%Y}"})
    assert now.context["record"].child.full_name == "Amira Hassan-Osei"
    assert [p.status for p in now.context["record"].legal_statuses] == [
        LegalStatus.PLACEMENT_ORDER,
        LegalStatus.CARE_ORDER,
    ]
    assert "Noor Osei" in now.content.decode()
    assert ChildAccessLog.objects.filter(child=child_a, path=url).count() == 2


def test_before_the_child_was_recorded_the_page_says_so(client, social_worker, child_a):
    client.force_login(social_worker)
    page = client.get(reverse("child_as_it_was", args=[child_a.pk]), {"on": "01/01/2000"}).content.decode()
    assert "had not yet been recorded in CaseFlow on that day" in page


@pytest.mark.parametrize(
    ("asked", "message"),
    [("31/02/2026", "Enter a real date, like 27/03/2026"), ("yesterday", "Enter a real date, like 27/03/2026"),
     ("01/01/2999", "The date must be today or in the past")],
)  # fmt: skip
def test_a_date_that_cannot_be_shown_gets_a_plain_message(client, social_worker, child_a, asked, message):
    client.force_login(social_worker)
    response = client.get(reverse("child_as_it_was", args=[child_a.pk]), {"on": asked})
    assert response.status_code == 200
    assert response.context["record"] is None
    page = response.content.decode()
    assert message in page
    assert f'value="{asked}"' in page  # what was typed is kept


def test_the_record_on_a_past_date_is_not_found_outside_access(client, social_worker_team_b, child_a):
    client.force_login(social_worker_team_b)
    response = client.get(reverse("child_as_it_was", args=[child_a.pk]), {"on": "01/01/2026"})
    assert response.status_code == 404
    assert not ChildAccessLog.objects.exists()


@pytest.mark.parametrize("changes", [2, 30])
def test_the_record_on_a_past_date_query_count_does_not_grow_with_history(
    client, social_worker, child_a, django_assert_max_num_queries, changes
):
    for number in range(changes):
        child_a.known_as = f"Name {number}"
        child_a.save()
        NetworkPersonFactory.create(child=child_a)
    client.force_login(social_worker)
    with django_assert_max_num_queries(16):
        response = client.get(reverse("child_as_it_was", args=[child_a.pk]), {"on": f"{timezone.localdate():%d/%m/%Y}"})
    assert len(response.context["record"].network) == changes
