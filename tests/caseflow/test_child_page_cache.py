"""The child page's cached record: every change shows on the next page, each viewer sees their own
links, deadlines are never stale, and a cache that stops answering only slows the page."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from caseflow import child_page, record_versions
from caseflow.deadlines.scan import scan_deadlines
from caseflow.models import Deadline, DeadlineStatus
from meetings.models import Mapping, Statement
from pathways import services as pathway_services
from pathways.constants import ActionStatus
from tests.caseflow.factories import NetworkPersonFactory
from tests.pathways.factories import pending_request


def _page(client, child):
    response = client.get(reverse("child_detail", args=[child.pk]))
    assert response.status_code == 200
    return response.content.decode()


def _day(name, day):
    return {f"{name}_day": day.day, f"{name}_month": day.month, f"{name}_year": day.year}


def test_a_change_recorded_through_a_form_shows_on_the_next_page(client, social_worker, child_a):
    client.force_login(social_worker)
    assert "Jo Okafor" not in _page(client, child_a)  # built and kept
    client.post(
        reverse("network_person_create", args=[child_a.pk]),
        {"name": "Jo Okafor", "relationship": "grandparent", "circle": "extended_family"},
    )
    assert child_a.network.filter(name="Jo Okafor").exists()
    page = _page(client, child_a)
    assert "Jo Okafor" in page  # in the network table
    assert "Network person added: Jo Okafor" in page  # and at the top of the timeline


def test_a_change_to_a_record_two_steps_from_the_child_raises_its_version(client, social_worker, child_a):
    """A statement names the child only through its mapping; its change still counts."""
    client.force_login(social_worker)
    client.post(reverse("mapping_start", args=[child_a.pk]), _day("mapped_on", timezone.localdate()))
    mapping = Mapping.objects.get(child=child_a)
    before = record_versions.version_for(child_a.pk)
    _page(client, child_a)
    client.post(
        reverse("statement_create", args=[mapping.pk]),
        {"worry": "Nobody collects Amira from school", "goal": "", "zero_means": "Not safe", "ten_means": "Safe"},
    )
    assert Statement.objects.filter(mapping=mapping).exists()
    assert record_versions.version_for(child_a.pk) == before + 1
    assert "Nobody collects Amira from school" in _page(client, child_a)


def test_a_stage_change_shows_at_once(client, social_worker, child_a):
    client.force_login(social_worker)
    assert "Going Home &amp; Lifelong Links pathway</h3>" not in _page(client, child_a)
    pathway_services.episode_start(child=child_a, by=social_worker, activated_at=timezone.now() - timedelta(hours=1))
    assert "Going Home &amp; Lifelong Links pathway</h3>" in _page(client, child_a)


def test_another_childs_change_leaves_this_childs_version_alone(social_worker, child_a, child_b):
    before = record_versions.version_for(child_a.pk)
    NetworkPersonFactory.create(child=child_b)
    assert record_versions.version_for(child_a.pk) == before
    NetworkPersonFactory.create(child=child_a)
    assert record_versions.version_for(child_a.pk) == before + 1


def test_each_viewer_sees_the_links_their_permissions_give(
    client, social_worker, team_manager, iro, deputy_director, child_a
):
    edit = reverse("child_edit", args=[child_a.pk])
    client.force_login(social_worker)
    assert edit in _page(client, child_a)  # a social worker records
    client.force_login(iro)
    page = _page(client, child_a)  # the same record, already built, for someone who only reads
    assert edit not in page
    assert reverse("reunification_identify", args=[child_a.pk]) in page  # an IRO identifies a candidate
    client.force_login(deputy_director)
    page = _page(client, child_a)
    assert edit not in page
    assert reverse("reunification_identify", args=[child_a.pk]) not in page


def test_a_deadline_the_scan_marks_overdue_shows_as_overdue_at_once(client, social_worker, team_manager, child_a):
    pathway_services.episode_start(child=child_a, by=social_worker, activated_at=timezone.now() - timedelta(hours=3))
    scan_deadlines()
    client.force_login(team_manager)
    waive = reverse("deadline_waive", args=[Deadline.objects.get(kind="pathway_placement_planning").pk])
    page = _page(client, child_a)
    overdue = Deadline.objects.filter(child=child_a, status=DeadlineStatus.OVERDUE).count()
    assert page.count("Overdue</strong>") == overdue
    assert waive in page  # a team manager of the child's team may waive
    scan_deadlines(now=timezone.now() + timedelta(days=4))  # a bulk update: no history row
    now_overdue = Deadline.objects.filter(child=child_a, status=DeadlineStatus.OVERDUE).count()
    assert now_overdue > overdue
    assert _page(client, child_a).count("Overdue</strong>") == now_overdue
    client.force_login(social_worker)
    assert waive not in _page(client, child_a)  # the same deadlines, without the manager's link


def _started(child, social_worker):
    return pathway_services.episode_start(
        child=child, by=social_worker, activated_at=timezone.now() - timedelta(hours=3)
    )


def _deadline_statuses(child):
    return sorted(Deadline.objects.filter(child=child).values_list("kind", "status"))


def test_a_deadline_waived_through_the_form_shows_as_waived_at_once(client, social_worker, team_manager, child_a):
    _started(child_a, social_worker)
    scan_deadlines()
    deadline = Deadline.objects.get(kind="pathway_placement_planning")
    client.force_login(team_manager)
    assert "Waived by" not in _page(client, child_a)  # built and kept
    response = client.post(reverse("deadline_waive", args=[deadline.pk]), {"reason": "Placed with kin the same day"})
    assert response.status_code == 302
    assert f"Waived by {team_manager}: Placed with kin the same day" in _page(client, child_a)


def test_a_deadline_the_scan_finds_met_shows_as_met_at_once(client, social_worker, child_a):
    episode = _started(child_a, social_worker)
    scan_deadlines()
    client.force_login(social_worker)
    pathway_services.action_record(
        episode=episode, by=social_worker, key="placement_planning_meeting", status=ActionStatus.DONE,
        done_on=timezone.localdate(),
    )  # fmt: skip
    met_before = _page(client, child_a).count("Met</strong>")  # kept with the meeting, before the scan
    scan_deadlines()  # a bulk update: no history row
    assert Deadline.objects.get(kind="pathway_placement_planning").status == DeadlineStatus.MET
    assert _page(client, child_a).count("Met</strong>") == met_before + 1


def _live_shown(page):
    return page.count("Due</strong>") + page.count("Overdue</strong>")


def test_deadlines_the_scan_cancels_leave_the_page_at_once(client, social_worker, team_manager, child_a):
    episode = _started(child_a, social_worker)
    scan_deadlines()
    pathway_services.transition_approve(
        request=pending_request(episode, by=social_worker), by=team_manager, reason="Moved away"
    )
    client.force_login(social_worker)
    live = Deadline.objects.filter(child=child_a, status__in=[DeadlineStatus.OPEN, DeadlineStatus.OVERDUE])
    assert _live_shown(_page(client, child_a)) == live.count()  # kept, the pathway's clocks still live
    scan_deadlines()  # cancels them: a bulk update, no history row
    cancelled = Deadline.objects.filter(episode_id=episode.pk, status=DeadlineStatus.CANCELLED).count()
    assert cancelled > 0
    assert _live_shown(_page(client, child_a)) == live.count()


def test_the_scan_raises_only_the_versions_of_children_whose_deadlines_it_changed(social_worker, child_a, child_b):
    scan_deadlines()  # each child's clocks so far
    _started(child_a, social_worker)
    before_a, before_b = record_versions.version_for(child_a.pk), record_versions.version_for(child_b.pk)
    scan_deadlines()  # the pathway's clocks: child_a's deadlines only
    after_a = record_versions.version_for(child_a.pk)
    assert after_a > before_a
    assert record_versions.version_for(child_b.pk) == before_b
    statuses = _deadline_statuses(child_a)
    scan_deadlines()  # nothing has changed: nothing to build afresh
    assert (_deadline_statuses(child_a), record_versions.version_for(child_a.pk)) == (statuses, after_a)


def test_raising_many_versions_counts_each_child_once(child_a, child_b):
    before_a, before_b = record_versions.version_for(child_a.pk), record_versions.version_for(child_b.pk)
    record_versions.versions_raise([child_b.pk, child_a.pk, str(child_a.pk), None])
    assert record_versions.version_for(child_a.pk) == before_a + 1
    assert record_versions.version_for(child_b.pk) == before_b + 1


@override_settings(
    CACHES={
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        # Nothing listens on port 9: every read and write fails to connect.
        "child_pages": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:9/0"},
    }
)
def test_a_cache_that_does_not_answer_still_gives_the_page(client, social_worker, child_a):
    NetworkPersonFactory.create(child=child_a, name="Pat Hassan")
    client.force_login(social_worker)
    page = _page(client, child_a)
    assert "Pat Hassan" in page
    assert "Deadlines" in page


def test_a_cached_page_makes_a_fixed_few_queries(client, social_worker, child_a):
    for number in range(20):
        NetworkPersonFactory.create(child=child_a, name=f"Person {number}")
    client.force_login(social_worker)
    with CaptureQueriesContext(connection) as first:
        _page(client, child_a)
    with CaptureQueriesContext(connection) as again:
        _page(client, child_a)
    # Session, user, the child with its record version, the access log, the unread count and the
    # session's renewal (three statements): the rest of the page comes from the cache.
    assert len(again.captured_queries) <= 8 < len(first.captured_queries)


def test_a_panel_may_ask_only_the_permissions_it_named(child_a):
    viewer = child_page.Viewer(allowed=frozenset({"caseflow.change_child"}))
    assert viewer.can("caseflow.change_child")
    assert not viewer.can("reunification.identify")
    with pytest.raises(ValueError, match="not a child page permission"):
        viewer.can("reports.view_report")
