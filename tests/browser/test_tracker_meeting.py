"""The weekly tracker meeting in a real browser: five cohorts, record the meeting, record an
outcome for a child. Every page visited is checked with axe-core."""

from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from pathways.constants import Stage
from tests.browser.support import assert_accessible, fill_date, sign_in, visit
from tests.caseflow.factories import ChildFactory
from tests.pathways.factories import episode_at


def test_a_team_manager_runs_the_tracker_meeting(page: Page, live_server, child_a, social_worker, team_manager,
                                                 team_a):  # fmt: skip
    episode_at(Stage.STAGE_2, child=child_a, social_worker=social_worker, team_manager=team_manager)
    ChildFactory.create(team=team_a, given_names="Noor", family_name="Ali", may_return_unplanned=True)

    sign_in(page, live_server, "tm1")
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Tracker meeting").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Going Home tracker meeting")
    for title in (
        "Families newly transferred to Building Your Futures",
        "Going Home plans post 1 year",
        "Plans to go home within 12 months",
        "Children and young people who have returned home",
        "Young people who may return home in an unplanned way",
    ):
        expect(page.get_by_role("heading", name=title, level=2)).to_be_visible()
    expect(page.get_by_role("table", name="Plans to go home within 12 months")).to_contain_text("Amira Hassan")
    expect(page.get_by_role("table", name="Young people who may return home in an unplanned way")).to_contain_text(
        "Noor Ali"
    )
    assert_accessible(page)

    fill_date(page, "Date held", timezone.localdate())
    page.get_by_role("button", name="Record the tracker meeting").click()
    expect(page.get_by_role("alert")).to_contain_text("Tracker meeting recorded")
    assert_accessible(page)

    page.get_by_role("link", name="Record the outcome for Amira Hassan").click()
    assert_accessible(page)
    page.get_by_label("Outcome for the child").fill("Increase family time to two overnights a week")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("table", name="Children discussed and the outcome for each")).to_contain_text(
        "Increase family time to two overnights a week"
    )
    assert_accessible(page)

    visit(page, live_server.url + reverse("child_history", args=[child_a.pk]))
    expect(page.get_by_text("Outcome: blank → Increase family time to two overnights a week")).to_be_visible()
