"""The child page: identity bar, network, histories, timeline and the access log."""

from datetime import date

import pytest
from django.urls import reverse

from caseflow.constants import LegalStatus
from caseflow.models import AppendOnlyError, ChildAccessLog
from tests.caseflow.factories import NetworkPersonFactory


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
    # timeline page, then two per kind of record on it and one per kind of linked record.
    with django_assert_max_num_queries(28):
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
