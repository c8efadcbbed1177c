"""The tracker dashboard in a real browser: dd1 filters by team and follows a number to the
children behind it. Every page visited is checked with axe-core."""

from playwright.sync_api import Page, expect

from pathways.constants import Stage
from tests.browser.support import assert_accessible, sign_in
from tests.pathways.factories import episode_at


def test_the_deputy_director_follows_a_number_to_its_children(
    page: Page,
    live_server,
    deputy_director,
    child_a,
    child_b,
    social_worker,
    social_worker_team_b,
    team_manager,
    team_manager_b,
):
    episode_at(Stage.STAGE_1, child=child_a, social_worker=social_worker, team_manager=team_manager)
    episode_at(Stage.STAGE_1, child=child_b, social_worker=social_worker_team_b, team_manager=team_manager_b)

    sign_in(page, live_server, "dd1")
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Dashboard").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tracker dashboard")
    stages = page.get_by_role("table", name="Children by Going Home pathway stage")
    expect(stages.get_by_role("row", name="Stage 1: living away from home")).to_contain_text("2")
    assert_accessible(page)

    page.get_by_label("Team").select_option(label=str(child_b.team))
    page.get_by_role("button", name="Apply").click()
    stages = page.get_by_role("table", name="Children by Going Home pathway stage")
    expect(stages.get_by_role("row", name="Stage 1: living away from home")).to_contain_text("1")
    assert_accessible(page)

    stages.get_by_role("link", name="1 children: Stage 1: living away from home").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Stage 1: living away from home")
    table = page.get_by_role("table", name="The children behind the number")
    expect(table.get_by_role("link", name="Ellis Murphy")).to_be_visible()
    expect(table.get_by_role("link", name="Amira Hassan")).to_have_count(0)
    assert_accessible(page)
