"""The Going Home pathway in a real browser: a planned journey to stage 3 and an unplanned return.

Every page visited is checked with axe-core.
"""

import re
from datetime import date, timedelta

from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Locator, Page, expect

from pathways import catalogue, services
from pathways.constants import Stage
from tests.browser.support import assert_accessible, fill_date, sign_in, visit
from tests.pathways.factories import episode_at, record_actions

STAGE_2_REQUEST = "Start an active Going Home plan (stage 2)"
FINAL_60_DAYS_REQUEST = "Going home within 60 days"
RETURN_HOME_REQUEST = "Planned return home (stage 3)"


# -- moving around as a user --


def switch_user(page: Page, live_server, username: str) -> None:
    """Sign out with the header button, then sign in as someone else."""
    page.get_by_role("button", name=re.compile(r"^Sign out ")).click()
    expect(page.get_by_role("button", name="Sign in")).to_be_visible()
    sign_in(page, live_server, username)


def open_pathway_from_my_work(page: Page, child) -> None:
    """From 'My work', open the allocated child's page and follow its link to the pathway."""
    page.get_by_role("table", name="Children allocated to you").get_by_role("link", name=child.full_name).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(child.full_name)
    assert_accessible(page)
    page.get_by_role("link", name=re.compile(r"^Open the pathway started ")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Going Home & Lifelong Links pathway")
    assert_accessible(page)


def go_to_pathway(page: Page, live_server, episode) -> None:
    visit(page, live_server.url + reverse("pathway_episode", args=[episode.pk]))
    expect(page.get_by_role("heading", level=1)).to_have_text("Going Home & Lifelong Links pathway")


def my_work_section(page: Page, title: str) -> Locator:
    """The table that follows a 'My work' section heading."""
    heading = page.get_by_role("heading", name=title, level=2)
    expect(heading).to_be_visible()
    return heading.locator("xpath=following-sibling::*[1]")


def stage_change_card(page: Page, title: str) -> Locator:
    return page.locator(".govuk-summary-card").filter(has=page.get_by_role("heading", name=title, level=3, exact=True))


def expect_success(page: Page, text: str) -> None:
    expect(page.get_by_role("alert")).to_contain_text(text)
    assert_accessible(page)


def stage_change_entry(page: Page, before: str, after: str) -> Locator:
    """The timeline entry of a pathway episode that moved from one stage to another."""
    return page.locator(".moj-timeline__item").filter(has=page.get_by_text(f"Stage: {before} → {after}", exact=True))


def expect_stage(page: Page, stage: str) -> None:
    expect(page.locator("p.govuk-body-l .govuk-tag").first).to_have_text(stage)


# -- recording as a social worker --


def change_pathway_details(page: Page, dates: dict[str, date], *, route: str | None = None) -> None:
    """Open 'Change the pathway details', type each date into the fieldset with that legend, and save."""
    page.get_by_role("link", name="Change the pathway details").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Pathway details")
    assert_accessible(page)
    if route is not None:
        page.get_by_label("Route confirmed with the family and network").select_option(label=route)
    for legend, value in dates.items():
        fill_date(page, legend, value)
    page.get_by_role("button", name="Save").click()
    expect_success(page, "Pathway details saved")


def record_action_done(page: Page, stage: str, label: str) -> None:
    """Open the stage's actions, follow 'Record <action>', and record it as done today."""
    stage_section = page.locator("details").filter(has=page.locator("summary", has_text=stage))
    if stage_section.get_attribute("open") is None:
        stage_section.locator("summary").click()
    stage_section.get_by_role("link", name=f"Record {label}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(label)
    assert_accessible(page)
    page.get_by_role("radio", name="Yes, it has been done").check()
    fill_date(page, "Done on", timezone.localdate())
    page.get_by_label("Outcome").fill("Agreed with the family and the network")
    page.get_by_role("button", name="Save").click()
    expect_success(page, f"'{label}' recorded as done")


def record_going_home_plan(page: Page) -> None:
    page.get_by_role("link", name="Record the Going Home plan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Going Home plan")
    assert_accessible(page)
    page.get_by_role("radio", name="Within 6 to 12 months").check()
    page.get_by_label("The plan").fill("Amira returns to her mum, with family time increasing each month")
    page.get_by_role("button", name="Save").click()
    expect_success(page, "Going Home plan saved")


def request_stage_change(page: Page, transition: str, reason: str) -> None:
    card = stage_change_card(page, transition)
    expect(card).to_contain_text("Everything this needs is recorded.")
    # The hidden words follow "Request" after a space in Chromium's accessible name.
    card.get_by_role("link", name=re.compile(rf"^Request ?: {re.escape(transition)}$")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Request: {transition}")
    assert_accessible(page)
    page.get_by_label("Why this change is needed").fill(reason)
    page.get_by_role("button", name="Send the request").click()
    expect_success(page, f"'{transition}' requested: a team manager will decide")
    expect(stage_change_card(page, transition)).to_contain_text("waiting for a team manager")


# -- deciding as a manager --


def approve_from_my_work(page: Page, transition: str, child, reason: str) -> None:
    """On 'My work', open the request waiting for a decision and approve it."""
    requests = my_work_section(page, "Pathway requests waiting for your decision")
    requests.get_by_role("link", name=f"{transition} for {child.full_name}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(transition)
    assert_accessible(page)
    page.get_by_role("radio", name="Approve").check()
    page.get_by_label("Reason for your decision").fill(reason)
    page.get_by_role("button", name="Record your decision").click()
    expect_success(page, f"'{transition}' approved")


def test_planned_journey_from_stage_1_to_living_at_home(
    page: Page, live_server, child_a, social_worker, team_manager, deputy_director
):
    episode = services.episode_start(child=child_a, by=social_worker, activated_at=timezone.now() - timedelta(days=120))
    today = timezone.localdate()

    # sw1 finds what stage 2 still needs and records it.
    sign_in(page, live_server, "sw1")
    open_pathway_from_my_work(page, child_a)
    expect_stage(page, "Stage 1: living away from home")
    stage_2 = stage_change_card(page, STAGE_2_REQUEST)
    expect(stage_2).to_contain_text("Still needed before this can be requested:")
    expect(stage_2.get_by_role("listitem")).to_have_text(
        [
            "The route confirmed with the family is not the Going Home pathway",
            "There is no planned return date",
            "'The Initial MDT decision-making meeting' has not been recorded as done",
            "The Going Home plan has not been recorded",
        ]
    )

    change_pathway_details(page, {"Planned return date": today + timedelta(days=200)}, route="Going Home pathway")
    expect(stage_2.get_by_role("listitem")).to_have_text(
        [
            "'The Initial MDT decision-making meeting' has not been recorded as done",
            "The Going Home plan has not been recorded",
        ]
    )

    record_action_done(page, "Stage 2: active Going Home plan", "The Initial MDT decision-making meeting")
    record_going_home_plan(page)
    request_stage_change(page, STAGE_2_REQUEST, "The Initial MDT meeting agreed the plan for Amira to go home")

    # tm1 approves it from 'My work'.
    switch_user(page, live_server, "tm1")
    approve_from_my_work(page, STAGE_2_REQUEST, child_a, "Agreed in supervision: the plan is realistic")
    expect_stage(page, "Stage 2: active Going Home plan")

    # The return comes within 60 days: the 60-day check proposes the final stage to tm1.
    switch_user(page, live_server, "sw1")
    go_to_pathway(page, live_server, episode)
    change_pathway_details(page, {"Planned return date": today + timedelta(days=30)})
    final = stage_change_card(page, FINAL_60_DAYS_REQUEST)
    expect(final).to_contain_text("Requested by the 60-day check")
    expect(final).to_contain_text("waiting for a team manager")

    switch_user(page, live_server, "tm1")
    requests = my_work_section(page, "Pathway requests waiting for your decision")
    expect(requests.get_by_role("row", name=re.compile(FINAL_60_DAYS_REQUEST))).to_contain_text("The 60-day check")
    approve_from_my_work(page, FINAL_60_DAYS_REQUEST, child_a, "The return is close: prioritise network meetings")
    expect_stage(page, "Stage 2: going home within 60 days")

    # The six 60-day actions, recorded as setup; then the Deputy Director agrees.
    record_actions(episode, social_worker, catalogue.keys_for(Stage.STAGE_2_FINAL_60_DAYS))
    switch_user(page, live_server, "dd1")
    waiting = my_work_section(page, "Returns home waiting for your agreement")
    waiting.get_by_role("link", name=child_a.full_name).click()
    expect_stage(page, "Stage 2: going home within 60 days")
    assert_accessible(page)
    page.get_by_role("link", name="Record your decision on the return home").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Deputy Director: agreement to the return home")
    assert_accessible(page)
    page.get_by_role("radio", name="Agreed", exact=True).check()
    page.get_by_label("Your reasons").fill("The network is strong and the contingency plan is agreed")
    page.get_by_role("button", name="Save").click()
    expect_success(page, "Decision recorded")
    agreements = page.get_by_role("table", name="Agreements recorded")
    expect(agreements.get_by_role("row", name=re.compile("^Deputy Director agreement"))).to_contain_text("Agreed")
    expect(stage_change_card(page, RETURN_HOME_REQUEST).get_by_role("listitem")).to_have_text(
        ["The date the child returned home has not been recorded"]
    )

    # sw1 records the day Amira went home and asks for stage 3; tm1 approves.
    switch_user(page, live_server, "sw1")
    go_to_pathway(page, live_server, episode)
    change_pathway_details(page, {"Date the child returned home": today - timedelta(days=1)})
    request_stage_change(page, RETURN_HOME_REQUEST, "Amira went home yesterday as planned")

    switch_user(page, live_server, "tm1")
    approve_from_my_work(page, RETURN_HOME_REQUEST, child_a, "The return went ahead as agreed")
    expect_stage(page, "Stage 3: living at home")

    # The child's timeline shows the latest stage change; the full history shows every one.
    page.get_by_role("link", name=f"Back to {child_a.full_name}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(child_a.full_name)
    assert_accessible(page)
    expect(stage_change_entry(page, "Stage 2: going home within 60 days", "Stage 3: living at home")).to_be_visible()
    page.get_by_role("link", name=f"See the full history of {child_a.full_name}'s records").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"History of {child_a.full_name}'s records")
    assert_accessible(page)
    for before, after in [
        ("Stage 1: living away from home", "Stage 2: active Going Home plan"),
        ("Stage 2: active Going Home plan", "Stage 2: going home within 60 days"),
        ("Stage 2: going home within 60 days", "Stage 3: living at home"),
    ]:
        expect(stage_change_entry(page, before, after)).to_be_visible()


def test_unplanned_return_is_recorded_at_once_and_asks_managers_to_agree(
    page: Page, live_server, child_a, social_worker, team_manager, deputy_director
):
    episode = episode_at(Stage.STAGE_2, child=child_a, social_worker=social_worker, team_manager=team_manager)
    yesterday = timezone.localdate() - timedelta(days=1)

    sign_in(page, live_server, "sw1")
    go_to_pathway(page, live_server, episode)
    page.get_by_role("link", name="record an unplanned return home").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Record an unplanned return home")
    assert_accessible(page)
    fill_date(page, "Date the child went home", yesterday)
    page.get_by_label("What happened").fill("Amira went home to her mum after a row at the placement")
    page.get_by_role("button", name="Record the return home").click()
    expect_success(page, "Unplanned return home recorded: the child is now at stage 3")
    expect_stage(page, "Stage 3: living at home")
    expect(page.locator("p.govuk-body-l").get_by_text("Unplanned return", exact=True)).to_be_visible()
    expect(page.get_by_text("Unplanned return home: these agreements are missing")).to_be_visible()
    expect(page.locator("#unplanned-exceptions").get_by_role("listitem")).to_have_text(
        [
            "The team manager has not recorded agreement to, or an explanation of, the return home",
            "The Deputy Director has not recorded agreement to, or an explanation of, the return home",
        ]
    )

    switch_user(page, live_server, "tm1")
    unplanned = my_work_section(page, "Unplanned returns home needing your agreement")
    expect(unplanned.get_by_role("link", name=child_a.full_name)).to_be_visible()
    expect(unplanned).to_contain_text(f"Went home {yesterday:%-d %b %Y}")

    switch_user(page, live_server, "dd1")
    waiting = my_work_section(page, "Returns home waiting for your agreement")
    expect(waiting.get_by_role("link", name=child_a.full_name)).to_be_visible()
    expect(waiting).to_contain_text("Unplanned return")
