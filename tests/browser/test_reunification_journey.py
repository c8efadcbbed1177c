"""Reunification in a real browser: Decision 1, Decision 2 blocked by a missing police check and
then allowed, Decision 3 and its ratification. Every page visited is checked with axe-core."""

from datetime import date

from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from caseflow.constants import NetworkCircle, Role
from reunification import services
from reunification.constants import ClassificationKind, RiskLevel, Step
from reunification.models import ReunificationEpisode
from tests.browser.support import assert_accessible, fill_date, sign_in, visit
from tests.caseflow.factories import NetworkPersonFactory, UserFactory
from tests.reunification.factories import episode_at


def _sign_out(page: Page, username: str) -> None:
    page.get_by_role("button", name=f"Sign out {username}").click()


def _open_episode(page: Page, live_server, episode: ReunificationEpisode) -> None:
    visit(page, live_server.url + reverse("child_detail", args=[episode.child_id]))
    page.get_by_role("link", name="Open the reunification episode", exact=False).click()
    expect(page.get_by_role("heading", name="Reunification", level=1)).to_be_visible()
    assert_accessible(page)


def _decide(page: Page, button: str, outcome: str, *, level: str | None = None) -> None:
    page.get_by_role("link", name=button).click()
    assert_accessible(page)
    page.get_by_role("group", name="Decision", exact=True).get_by_label(outcome, exact=True).check()
    if level:
        page.get_by_role("group", name="Level of risk confirmed").get_by_label(level, exact=True).check()
    fill_date(page, "Date of the decision", timezone.localdate())
    page.get_by_label("Reasons").fill("Discussed in supervision with the social worker")
    page.get_by_role("button", name="Save").click()


def test_decisions_1_to_3_with_a_police_check_blocking_decision_2(
    page: Page, live_server, child_a, social_worker, team_manager, service_manager, head_of_service
):
    corporate_director = UserFactory.create(username="cd1", role=Role.CORPORATE_DIRECTOR, sees_all_areas=True)
    people = {"social_worker": social_worker, "team_manager": team_manager, "service_manager": service_manager,
              "head_of_service": head_of_service, "corporate_director": corporate_director}  # fmt: skip
    episode = episode_at(Step.DECISION_1, child=child_a, **people)

    # Decision 1: the team manager pursues reunification.
    sign_in(page, live_server, "tm1")
    _open_episode(page, live_server, episode)
    _decide(page, "Record Decision 1", "Pursue reunification")
    expect(page.get_by_role("alert")).to_contain_text("Decision 1 recorded")
    expect(page.locator(".govuk-body-l")).to_contain_text("Assessment")
    assert_accessible(page)
    _sign_out(page, "tm1")

    # The assessment is done (set up directly), then someone joins the household.
    services.episode_details_update(
        episode=episode, by=social_worker,
        fields={"chronology_started_on": date(2026, 1, 5), "chronology_completed_on": date(2026, 2, 5),
                "rha_started_on": date(2026, 1, 5), "rha_completed_on": date(2026, 2, 20)},
    )  # fmt: skip
    services.classification_record(
        episode=episode, by=social_worker, kind=ClassificationKind.RC1_RECOMMENDATION, level=RiskLevel.LOW,
        classified_on=timezone.localdate(), rationale="Risk Classification 1 meeting",
    )  # fmt: skip
    services.episode_move_on(episode=episode, by=social_worker, move="submit_for_decision_2")
    NetworkPersonFactory.create(
        child=child_a, name="Lee Partner", date_of_birth=date(1988, 4, 1), circle=NetworkCircle.HOUSEHOLD
    )

    # Decision 2 is refused while Lee Partner has no police check, naming them.
    sign_in(page, live_server, "sm1")
    _open_episode(page, live_server, episode)
    _decide(page, "Record Decision 2", "Progress with reunification", level="Low")
    expect(page.locator(".govuk-error-summary")).to_contain_text("Police checks are still needed for: Lee Partner")
    assert_accessible(page)
    _sign_out(page, "sm1")

    # The social worker records the check from the episode page.
    sign_in(page, live_server, "sw1")
    _open_episode(page, live_server, episode)
    page.get_by_role("link", name="Record the check for Lee Partner").click()
    assert_accessible(page)
    fill_date(page, "Date of the check", timezone.localdate())
    page.get_by_label("Nothing of concern").check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("alert")).to_contain_text("Police check recorded for Lee Partner")
    assert_accessible(page)
    _sign_out(page, "sw1")

    sign_in(page, live_server, "sm1")
    _open_episode(page, live_server, episode)
    _decide(page, "Record Decision 2", "Progress with reunification", level="Low")
    expect(page.get_by_role("alert")).to_contain_text("Decision 2 recorded")
    expect(page.locator(".govuk-body-l")).to_contain_text("Planning")
    _sign_out(page, "sm1")

    # Planning and implementation are recorded (set up directly); then Decision 3 and ratification.
    episode.refresh_from_db()
    episode_at_d3 = _plan_and_implement(episode, social_worker, team_manager)
    sign_in(page, live_server, "sm1")
    _open_episode(page, live_server, episode_at_d3)
    _decide(page, "Record Decision 3", "Reunify")
    expect(page.get_by_role("alert")).to_contain_text("Decision 3 recorded")
    _sign_out(page, "sm1")

    sign_in(page, live_server, "hos1")
    expect(page.get_by_role("table", name="Reunification decisions waiting")).to_contain_text("Amira Hassan")
    _open_episode(page, live_server, episode)
    _decide(page, "Record Ratification of Decision 3", "Ratified")
    expect(page.locator(".govuk-body-l")).to_contain_text("Transition home")
    expect(page.get_by_role("table", name="Decisions")).to_contain_text("Decision 3: Reunify")
    assert_accessible(page)
    assert ReunificationEpisode.objects.get(pk=episode.pk).state == Step.TRANSITION_HOME


def _plan_and_implement(episode: ReunificationEpisode, social_worker, team_manager) -> ReunificationEpisode:
    from reunification.constants import DecisionKind, Outcome

    today = timezone.localdate()
    services.decision_record(
        episode=episode, by=team_manager, kind=DecisionKind.RHA_SIGN_OFF, outcome=Outcome.AGREED,
        rationale="Signed off", decided_on=today,
    )  # fmt: skip
    for key in ("planning_meeting", "contingency_plan", "reunification_plan"):
        services.activity_record(episode=episode, by=social_worker, key=key, done_on=today, note="")
    services.goal_add(episode=episode, by=social_worker, what_must_change="Routines", evidence="Visits",
                      by_when=today)  # fmt: skip
    services.episode_move_on(episode=episode, by=social_worker, move="start_implementation")
    return services.episode_move_on(episode=episode, by=social_worker, move="submit_for_decision_3")
