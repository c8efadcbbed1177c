"""The accessibility check itself: it must fail on a page with a WCAG violation, or it proves nothing."""

import pytest
from playwright.sync_api import Page

from tests.browser.support import assert_accessible


def test_assert_accessible_fails_on_an_unlabelled_input(page: Page) -> None:
    page.set_content(
        "<!DOCTYPE html><html lang='en'><head><title>Unlabelled</title></head>"
        "<body><main><h1>Unlabelled</h1><input type='text' id='nameless'></main></body></html>"
    )

    with pytest.raises(AssertionError, match=r"label \(critical\): Form elements must have labels\n\s+\['#nameless'\]"):
        assert_accessible(page)
