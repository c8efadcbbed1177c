"""Signs of Safety in a real browser: a mapping, a statement with its goal, two rounds of scaling,
then the chart and its table. Every page visited is checked with axe-core."""

from datetime import date

from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.browser.support import assert_accessible, fill_date, sign_in, visit
from tests.caseflow.factories import NetworkPersonFactory


def _score(page: Page, scorer: str, score: int, day: date) -> None:
    page.get_by_role("link", name="Record a score for this statement").click()
    assert_accessible(page)
    fill_date(page, "Date", day)
    page.get_by_label("Score from 0 to 10").fill(str(score))
    page.get_by_label("Who gave the score").select_option(label=scorer)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("alert")).to_contain_text("Score recorded")


def test_a_mapping_and_two_rounds_of_scaling_show_as_a_chart_and_table(page: Page, live_server, child_a, social_worker):
    NetworkPersonFactory.create(child=child_a, name="Dana Hassan")
    sign_in(page, live_server, "sw1")
    visit(page, live_server.url + reverse("safety_overview", args=[child_a.pk]))
    expect(page.get_by_role("heading", level=1)).to_have_text("Signs of Success")

    page.get_by_role("link", name="Start a mapping").click()
    fill_date(page, "Date of the mapping", timezone.localdate())
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("alert")).to_contain_text("Mapping started")
    page.get_by_label("Existing Strengths").fill("Grandmother helps every morning")
    page.get_by_role("button", name="Save the mapping").click()
    assert_accessible(page)

    page.get_by_role("link", name="Add a worry statement and its success goal").click()
    page.get_by_label("Worry statement").fill("Mum's drinking may mean Amira misses school")
    page.get_by_label("Success goal").fill("Amira is in school every day, with mum sober at drop-off")
    page.get_by_label("On the scaling question, 0 means").fill("Amira never gets to school")
    page.get_by_label("10 means").fill("Amira is in school every day")
    page.get_by_role("button", name="Save").click()
    assert_accessible(page)

    first, second = date(2026, 11, 2), timezone.localdate()
    mapping_url = page.url
    _score(page, "Dana Hassan (Mother)", 3, first)
    page.goto(mapping_url)
    _score(page, f"{social_worker} (Social worker)", 2, first)
    page.goto(mapping_url)
    _score(page, "Dana Hassan (Mother)", 6, second)
    page.goto(mapping_url)
    _score(page, f"{social_worker} (Social worker)", 5, second)

    chart = page.locator("figure.cf-chart")
    expect(chart.locator("polyline")).to_have_count(2)
    table = chart.get_by_role("table")
    expect(table.get_by_role("columnheader")).to_have_text(["Date", "Dana Hassan (Mother)", str(social_worker)])
    expect(table.get_by_role("row")).to_have_count(3)
    expect(table.get_by_role("row").nth(1)).to_contain_text("3")
    expect(table.get_by_role("row").nth(2)).to_contain_text("6")
    assert_accessible(page)
