"""Pagination: the first and last pages, two either side of the current one, and a gap marked
between; a long list does not print a link for every page."""

import re

from django.urls import reverse

from caseflow import notifications


def test_a_deep_page_links_the_ends_and_its_neighbours_only(client, social_worker):
    for number in range(600):  # twelve pages of fifty
        notifications.notify(
            [social_worker], notifications.Message(key=f"n{number}", subject=f"N{number}"), queue=False
        )
    client.force_login(social_worker)
    page = client.get(reverse("notification_list"), {"page": 6}).content.decode()
    linked = [int(number) for number in re.findall(r'aria-label="Page (\d+)"', page)]
    assert linked == [1, 4, 5, 6, 7, 8, 12]
    assert 'aria-label="Page 6" aria-current="page"' in page
    assert page.count("govuk-pagination__item--ellipses") == 2
    first = client.get(reverse("notification_list")).content.decode()
    assert [int(n) for n in re.findall(r'aria-label="Page (\d+)"', first)] == [1, 2, 3, 12]
    assert first.count("govuk-pagination__item--ellipses") == 1
