"""Helpers for browser journeys: visit a page and check it with axe-core, sign in through the form."""

import re
from datetime import date
from typing import Any

from django.conf import settings
from playwright.sync_api import Page, expect

AXE_SCRIPT = settings.BASE_DIR / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
PASSWORD = "correct-horse-battery"  # UserFactory's password


def assert_accessible(page: Page) -> None:
    """Fail with every WCAG 2.2 AA violation axe-core finds on the page as it is now."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        # Evaluated through the DevTools protocol, which the page's CSP does not govern: the CSP
        # stays on for the app's own scripts.
        page.evaluate(AXE_SCRIPT.read_text())
    results: dict[str, Any] = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS
    )
    violations = results["violations"]
    report = [
        f"{violation['id']} ({violation['impact']}): {violation['help']}\n"
        + "\n".join(f"    {node['target']}" for node in violation["nodes"])
        for violation in violations
    ]
    assert not violations, f"axe found {len(violations)} violation(s) on {page.url}:\n" + "\n".join(report)


def visit(page: Page, url: str) -> None:
    """Go to the URL and check the page it shows."""
    page.goto(url)
    assert_accessible(page)


def sign_in(page: Page, live_server: Any, username: str, password: str = PASSWORD) -> None:
    """Sign in through the real form and check the page it lands on."""
    visit(page, f"{live_server.url}/sign-in/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name=f"Sign out {username}")).to_be_visible()
    assert_accessible(page)


def fill_date(page: Page, legend: str, value: date) -> None:
    """Type a date into the GOV.UK date input whose fieldset has this legend."""
    group = page.get_by_role("group", name=re.compile(rf"^{re.escape(legend)}( \(optional\))?$"))
    group.get_by_label("Day").fill(str(value.day))
    group.get_by_label("Month").fill(str(value.month))
    group.get_by_label("Year").fill(str(value.year))
