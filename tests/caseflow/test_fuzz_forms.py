"""Every form and every POST endpoint, as every role, with random and hostile values.

Each endpoint's fields are read from its own form (so a new field is fuzzed without an edit here),
then posted: once per role with the most hostile value in every field, and then as many random
examples as the hypothesis profile asks for (`HYPOTHESIS_PROFILE=deep` for a longer run). Every
answer must be a page a person can act on: the form again with its errors and everything typed
kept, a plain-words refusal, or a redirect to a page that shows what was saved, escaped.
"""

import re
from html.parser import HTMLParser
from typing import Any

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from hypothesis import given
from hypothesis import strategies as st

from caseflow import notifications
from reunification import services as reunification
from reunification.models import ReunificationEpisode
from tests.caseflow.url_catalogue import ROLES, WRITES, one_of_everything, url_for

# Values a hostile or careless user might send. The first is what the sweep sends to every field.
MARKUP = ['<script>alert("fuzz")</script>', '"><img src=x onerror=alert(1)>', "<b onmouseover=alert(1)>bold</b>"]
HOSTILE = [
    MARKUP[0] + MARKUP[1],
    *MARKUP,
    "'; DROP TABLE caseflow_child; --",
    "1 OR 1=1",
    "{{ settings.SECRET_KEY }}{% debug %}",
    "\u202eemoc-emoh\u202c ﻣﺮﺣﺒﺎ עברית",
    "👩‍👧‍👦🏳️‍🌈💔" * 50,
    "a" * 100_000,
    "line one\r\nline two\n\n\tindented",
    "\x00null",
    "\x1b[31mred\x07bell\x08",
    "   ",
    "../../etc/passwd",
    "%s%n%x",
    "-1",
    "0",
    "99999999999999999999",
]
DATE_PARTS = ["0", "1", "29", "31", "32", "2", "13", "1752", "1900", "0001", "9999", "10000", "-5", "1e3", "٣"]
# Fields no form offers: posting them must change nothing (and never fail).
UNOFFERED = ["state", "approved_by", "team", "decision_maker", "child", "created_by", "risk_level", "id"]
POST_ONLY = {"notifications_read": "notification_list", "pob_generate": "pob_list", "logout": "home"}
ENDPOINTS = sorted(WRITES | set(POST_ONLY) | {"login"})
TEXT_INPUTS = {"text", "textarea", "search", "email", "number", "tel", "url"}


class FormFields(HTMLParser):
    """The fields of the POST forms on a page: name -> (kind, the values it offers)."""

    def __init__(self, action: str) -> None:
        super().__init__()
        self.action, self.in_form, self.select, self.forms = action, False, "", 0
        self.fields: dict[str, tuple[str, list[str]]] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attr = {key: value or "" for key, value in attrs}
        if tag == "form":
            self.in_form = attr.get("method", "").lower() == "post" and attr.get("action", "") in ("", self.action)
            self.forms += self.in_form
        elif not self.in_form or not attr.get("name") or attr["name"] == "csrfmiddlewaretoken":
            return
        elif tag == "input":
            kind = attr.get("type", "text")
            offered = self.fields.get(attr["name"], (kind, []))[1]
            self.fields[attr["name"]] = (kind, [*offered, attr.get("value", "")])
        elif tag == "textarea":
            self.fields[attr["name"]] = ("textarea", [])
        elif tag == "select":
            self.select = attr["name"]
            self.fields[self.select] = ("select", [])
        if tag == "option" and self.select:
            self.fields[self.select][1].append(attr.get("value", ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.in_form = False
        elif tag == "select":
            self.select = ""


def form_fields(client: Client, url: str, page: str) -> dict[str, tuple[str, list[str]]] | None:
    """The fields of the page's form that posts to `url`, or None if the page has no such form."""
    parser = FormFields(url)
    parser.feed(client.get(page).content.decode())
    return parser.fields if parser.forms else None


def value_strategy(name: str, kind: str, offered: list[str], ids: list[str]) -> st.SearchStrategy[Any]:
    hostile = st.one_of(st.sampled_from(HOSTILE), st.text(max_size=300), st.sampled_from(ids))
    if name.endswith(("_day", "_month", "_year")):
        return st.one_of(st.sampled_from(DATE_PARTS), st.integers(-(10**9), 10**9).map(str), hostile)
    if kind in ("checkbox", "radio", "select"):
        choice = st.one_of(st.sampled_from(offered), hostile) if offered else hostile
        return st.lists(choice, max_size=3) if kind == "checkbox" else choice
    return hostile


def payloads(fields: dict[str, tuple[str, list[str]]], ids: list[str]) -> st.SearchStrategy[dict[str, Any]]:
    optional = {name: value_strategy(name, kind, offered, ids) for name, (kind, offered) in fields.items()}
    unoffered = {name: st.sampled_from(ids + HOSTILE[:3]) for name in UNOFFERED if name not in fields}
    return st.fixed_dictionaries({}, optional={**optional, **unoffered})


def assert_handled(response: Any, sent: dict[str, Any], fields: dict[str, tuple[str, list[str]]]) -> None:
    """The answer is one a person can act on, and shows nothing they sent as live markup."""
    body = response.content.decode()
    assert response.status_code in (200, 302, 403, 404), f"{response.status_code}: {body[:300]}"
    for markup in MARKUP:
        assert markup not in body, "markup sent was echoed unescaped"
    if response.status_code in (403, 404):
        heading = re.search(r"<h1[^>]*>\s*([^<]+?)\s*</h1>", body)
        assert heading, body[:500]
        assert re.search(r"[a-z]{3,} [a-z]{3,}", heading.group(1), re.I), heading.group(1)
    if response.status_code == 200:
        # The form again: it says what is wrong, and keeps every word typed.
        assert "govuk-error-summary" in body, body[:500]
        for name, value in sent.items():
            kind = fields.get(name, ("", []))[0]
            if kind in TEXT_INPUTS and isinstance(value, str) and value.strip() and "\x00" not in value:
                assert escape(value.strip()) in body or escape(value) in body, f"{name} lost what was typed"


def assert_saved_pages_escaped(client: Client, response: Any, child_id: int) -> None:
    pages = [reverse("child_detail", args=[child_id]), reverse("child_history", args=[child_id])]
    if response["Location"].startswith("/"):
        pages.append(response["Location"])
    for page in pages:
        shown = client.get(page)
        assert shown.status_code in (200, 302, 404), page
        for markup in MARKUP:
            assert markup not in shown.content.decode(), f"{page} shows markup that was saved"


def offered_fields(name: str, url: str, people: dict[str, Any]) -> dict[str, tuple[str, list[str]]]:
    """The fields of the form as the first role that may use it sees them."""
    if name == "logout":
        return {}
    page = reverse(POST_ONLY[name]) if name in POST_ONLY else url
    for role in ROLES:
        reader = Client()
        if people[role] is not None:
            reader.force_login(people[role])
        fields = form_fields(reader, url, page)
        if fields is not None:
            return fields
    raise AssertionError(f"no role sees a form for {name}")


def awaiting_decision_1(episode_id: Any, social_worker: Any) -> None:
    episode = ReunificationEpisode.objects.get(pk=episode_id)
    for key in ("sw_qaro_discussion", "supervision_discussion"):
        reunification.activity_record(episode=episode, by=social_worker, key=key, done_on=timezone.localdate(), note="")
    reunification.episode_move_on(episode=episode, by=social_worker, move="submit_for_decision_1")


@pytest.fixture
def people(request: Any) -> dict[str, Any]:
    people = {role: request.getfixturevalue(role) for role in ROLES if role != "anonymous"}
    return {"anonymous": None, **people}


@pytest.fixture
def other_team_ids(child_b: Any, team_b: Any, social_worker_team_b: Any) -> list[str]:
    """Ids a hostile user might put in a field: another team's child, team and worker, and nonsense."""
    return [str(child_b.pk), str(team_b.pk), str(social_worker_team_b.pk), "0", "-1", str(2**63), "1; --"]


@pytest.mark.parametrize("name", ENDPOINTS)
def test_every_post_endpoint_survives_hostile_input(name, people, child_a, social_worker, other_team_ids):
    objects = one_of_everything(child_a, social_worker)
    if name == "reunification_decision":  # its form shows only while a decision is awaited
        awaiting_decision_1(objects["reunification_episode_id"], social_worker)
    notifications.notify(filter(None, people.values()), notifications.Message(key="fuzz", subject="Fuzz"), queue=False)
    url = url_for(name, objects)
    fields = offered_fields(name, url, people)
    ids = other_team_ids + [str(value) for value in objects.values() if isinstance(value, int)]

    def post_as(role: str, data: dict[str, Any]) -> None:
        with transaction.atomic():  # each post starts from the same records, and leaves none behind
            client = Client()
            if people[role] is not None:
                client.force_login(people[role])
            response = client.post(url, data)
            assert_handled(response, data, fields)
            if response.status_code == 302:
                assert_saved_pages_escaped(client, response, child_a.pk)
            transaction.set_rollback(True)

    worst = {field: (["x", HOSTILE[0]] if kind == "checkbox" else HOSTILE[0]) for field, (kind, _) in fields.items()}
    for role in ROLES:
        post_as(role, {**worst, **dict.fromkeys(UNOFFERED, other_team_ids[0])})

    @given(role=st.sampled_from(ROLES), data=payloads(fields, ids))
    def random_post(role: str, data: dict[str, Any]) -> None:
        post_as(role, data)

    random_post()
