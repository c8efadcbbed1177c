"""Journeys through a child's record, in a real browser. Every page visited is checked with axe-core."""

import re
from datetime import date, timedelta

from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from caseflow.models import Child
from tests.browser.support import assert_accessible, fill_date, sign_in, visit
from tests.caseflow.factories import ChildFactory


def test_social_worker_finds_their_child_and_reads_the_timeline(page: Page, live_server, social_worker, child_a):
    ChildFactory(given_names="Jordan", family_name="Price", team=child_a.team)

    sign_in(page, live_server, "sw1")
    expect(page.get_by_role("heading", level=1)).to_have_text("My work")
    allocated = page.get_by_role("table", name="Children allocated to you")
    expect(allocated.get_by_role("link", name="Amira Hassan")).to_be_visible()

    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Children").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Children")
    expect(page.get_by_role("link", name="Jordan Price")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Search by name, local reference or date of birth").fill("Amira Hassan")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("status")).to_have_text("1 child matches")
    expect(page.get_by_role("link", name="Jordan Price")).to_have_count(0)
    assert_accessible(page)

    page.get_by_role("link", name="Amira Hassan").click()
    expect(page).to_have_url(re.compile(rf"/children/{child_a.pk}/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Amira Hassan")
    identity = page.locator(".moj-identity-bar")
    expect(identity).to_contain_text("Amira Hassan")
    expect(identity).to_contain_text("Legal statusCare order (s31)")
    expect(identity).to_contain_text("TeamCared For")
    expect(identity).to_contain_text(f"Social worker{social_worker}")
    expect(page.get_by_role("heading", name="Timeline", level=2)).to_be_visible()
    expect(page.get_by_role("heading", name="Child added: Amira Hassan", level=3)).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="See Amira Hassan's record as it was on a past date").click()
    page.get_by_label("Date").fill("1/1/2000")
    page.get_by_role("button", name="Show the record").click()
    expect(page.get_by_text("had not yet been recorded in CaseFlow on that day")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Date").fill(f"{timezone.localdate():%d/%m/%Y}")
    page.get_by_role("button", name="Show the record").click()
    expect(page.get_by_role("heading", name=re.compile("^As it was on"), level=2)).to_be_visible()
    expect(page.get_by_role("table", name="Legal status history on that date")).to_contain_text("Care order (s31)")
    assert_accessible(page)


def test_social_worker_in_another_team_gets_page_not_found(page: Page, live_server, child_a, social_worker_team_b):
    sign_in(page, live_server, "sw3")

    response = page.goto(live_server.url + reverse("child_detail", args=[child_a.pk]))

    assert response is not None
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
    expect(page.get_by_text("Amira Hassan")).to_have_count(0)
    assert_accessible(page)


def _start_adding_a_child_born(page: Page, live_server, social_worker, born: date) -> None:
    sign_in(page, live_server, "sw1")
    visit(page, live_server.url + reverse("child_create"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Add a child")
    page.get_by_label("Given names").fill("Kai")
    page.get_by_label("Family name").fill("Okafor")
    fill_date(page, "Date of birth", born)
    page.get_by_label("Local reference").fill("LCS-300301")
    page.get_by_label("Team", exact=True).select_option(label="Cared For")
    page.get_by_label("Allocated social worker").select_option(label=str(social_worker))
    page.get_by_label("Legal status", exact=True).select_option(label="Section 20 (accommodated)")
    fill_date(page, "Legal status since", timezone.localdate())
    page.get_by_role("button", name="Add child").click()


def test_social_worker_adds_a_child_after_correcting_the_date_of_birth(page: Page, live_server, social_worker):
    _start_adding_a_child_born(page, live_server, social_worker, timezone.localdate() + timedelta(days=366))

    summary = page.locator(".govuk-error-summary")
    expect(summary.get_by_role("heading")).to_have_text("There is a problem")
    expect(summary.get_by_role("link")).to_have_text(["Date of birth must be today or in the past"])
    expect(page.get_by_role("group", name="Date of birth")).to_contain_text(
        "Error: Date of birth must be today or in the past"
    )
    expect(page.get_by_label("Given names")).to_have_value("Kai")
    expect(page.get_by_label("Family name")).to_have_value("Okafor")
    expect(page).to_have_title(re.compile(r"^Error: Add a child"))
    assert_accessible(page)
    assert not Child.objects.filter(local_reference="LCS-300301").exists()

    fill_date(page, "Date of birth", date(2016, 6, 14))
    page.get_by_role("button", name="Add child").click()

    child = Child.objects.get(local_reference="LCS-300301")
    expect(page).to_have_url(re.compile(rf"/children/{child.pk}/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Kai Okafor")
    expect(page.get_by_role("alert")).to_contain_text("Kai Okafor has been added")
    identity = page.locator(".moj-identity-bar")
    expect(identity).to_contain_text("Born14 Jun 2016")
    expect(identity).to_contain_text("Legal statusSection 20 (accommodated)")
    expect(identity).to_contain_text(f"Social worker{social_worker}")
    expect(page.get_by_role("heading", name="Child added: Kai Okafor", level=3)).to_be_visible()
    assert_accessible(page)


def test_error_summary_link_moves_focus_to_the_date_of_birth(page: Page, live_server, social_worker):
    _start_adding_a_child_born(page, live_server, social_worker, timezone.localdate() + timedelta(days=366))
    assert_accessible(page)

    page.locator(".govuk-error-summary").get_by_role("link", name="Date of birth must be today or in the past").click()

    expect(page.get_by_role("group", name="Date of birth").get_by_label("Day")).to_be_focused(timeout=2000)
