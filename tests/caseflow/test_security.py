"""Sessions, sign-in lockout, headers, CSRF, mass assignment, security log and history grants."""

import ast
import json
import logging
import time
from pathlib import Path

import pytest
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.db import OperationalError, connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from caseflow.management.commands.history_grants import history_tables, revoke_statements

ROOT = Path(__file__).resolve().parents[2]


PASSWORD = "correct-horse-battery"  # UserFactory's


def _sign_in(client, username="sw1", password=PASSWORD):
    return client.post(reverse("login"), {"username": username, "password": password})


def _events(caplog):
    return [{"event": r.getMessage(), **r.event} for r in caplog.records if r.name == "caseflow.security"]


def test_five_failures_lock_the_username_and_are_logged(client, social_worker, caplog):
    caplog.set_level(logging.INFO, logger="caseflow.security")
    for _ in range(4):
        assert _sign_in(client, password="wrong").status_code == 200
    assert _sign_in(client, password="wrong").status_code == 429  # the fifth failure locks
    locked = _sign_in(client)  # even the right password, while locked
    assert locked.status_code == 429
    assert "Sign-in is locked for now" in locked.content.decode()
    events = _events(caplog)
    assert [e["event"] for e in events].count("sign_in_failed") >= 5
    assert any(e["event"] == "locked_out" and e["who"] == "sw1" for e in events)


def test_security_events_are_json_lines_in_utc():
    from caseflow.security_log import JsonFormatter

    record = logging.LogRecord("caseflow.security", logging.INFO, __file__, 1, "sign_in", None, None)
    record.event = {"who": "sw1", "where": "10.0.0.1"}
    line = json.loads(JsonFormatter().format(record))
    assert line["event"] == "sign_in"
    assert line["who"] == "sw1"
    assert line["at"].endswith("+00:00")


def test_signing_in_rotates_the_session_key(client, social_worker):
    client.get(reverse("login"))
    client.session.save()
    before = client.session.session_key
    _sign_in(client)
    assert client.session.session_key != before


def test_signing_out_ends_the_session_on_the_server(client, social_worker):
    _sign_in(client)
    key = client.session.session_key
    client.post(reverse("logout"))
    assert not Session.objects.filter(session_key=key).exists()


def test_an_idle_session_ends(client, social_worker, settings):
    settings.SESSION_COOKIE_AGE = 1
    _sign_in(client)
    time.sleep(2)
    assert client.get(reverse("home")).status_code == 302


def test_a_session_ends_hours_after_sign_in_however_busy(client, social_worker):
    _sign_in(client)
    session = client.session
    session["signed_in_at"] = time.time() - 11 * 3600
    session.save()
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_a_disabled_account_is_signed_out(client, social_worker):
    _sign_in(client)
    social_worker.is_active = False
    social_worker.save()
    assert client.get(reverse("home")).status_code == 302


def test_security_headers_on_a_signed_in_page(client, social_worker, child_a):
    _sign_in(client)
    response = client.get(reverse("child_detail", args=[child_a.pk]))
    assert response["Cache-Control"] == "no-store"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy


def test_production_cookies_are_secure_httponly_and_samesite(settings):
    from caseflow.settings import production

    assert production.SESSION_COOKIE_SECURE
    assert production.CSRF_COOKIE_SECURE
    assert production.SESSION_COOKIE_HTTPONLY
    assert production.CSRF_COOKIE_HTTPONLY
    assert production.CSRF_COOKIE_SAMESITE == "Lax"
    assert production.SESSION_COOKIE_SAMESITE == "Lax"
    assert production.SECURE_HSTS_SECONDS >= 31536000


def test_csrf_is_enforced_on_posts(social_worker, child_a):
    client = Client(enforce_csrf_checks=True)
    client.force_login(social_worker)
    response = client.post(reverse("legal_status_create", args=[child_a.pk]), {"status": "s20"})
    assert response.status_code == 403


def test_csrf_is_enforced_on_every_post_endpoint(team_manager, child_a, social_worker):
    """Every URL that takes a POST refuses one without the form's token, signed in or not."""
    from tests.caseflow.test_fuzz_forms import ENDPOINTS
    from tests.caseflow.url_catalogue import one_of_everything, url_for

    objects = one_of_everything(child_a, social_worker)
    signed_in, anonymous = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    signed_in.force_login(team_manager)
    before = Session.objects.count()
    for name in ENDPOINTS:
        client = anonymous if name == "login" else signed_in
        assert client.post(url_for(name, objects), {"reason": "x"}).status_code == 403, name
    assert Session.objects.count() == before  # sign-out without a token ended no session


def test_fields_a_form_does_not_offer_change_nothing(client, social_worker, team_manager, child_a, team_b):
    from pathways.constants import Stage
    from pathways.models import PathwayEpisode, TransitionRequest
    from tests.pathways.factories import episode_at, ready_for_stage_2

    episode = ready_for_stage_2(
        episode_at(Stage.STAGE_1, child=child_a, social_worker=social_worker, team_manager=team_manager), social_worker
    )
    client.force_login(social_worker)
    client.post(
        reverse("pathway_request", args=[episode.pk, "agree_going_home"]),
        {"reason": "Ready", "status": "approved", "decided_by": social_worker.pk, "requested_by": team_manager.pk},
    )
    client.post(
        reverse("pathway_facts", args=[episode.pk]),
        {"route": "going_home", "state": Stage.CLOSED, "started_by": team_manager.pk, "child": "x"},
    )
    request = TransitionRequest.objects.get()
    assert (request.status, request.decided_by, request.requested_by) == ("pending", None, social_worker)
    assert PathwayEpisode.objects.get(pk=episode.pk).state == Stage.STAGE_1
    client.post(
        reverse("network_person_create", args=[child_a.pk]),
        {"name": "Pat", "relationship": "grandparent", "circle": "other", "child": "elsewhere", "id": 999},
    )
    person = child_a.network.get()
    assert (person.name, person.child_id) == ("Pat", child_a.pk)
    assert person.pk != 999


def test_downloads_are_logged(client, deputy_director, caplog):
    from reports.services import report_create

    caplog.set_level(logging.INFO, logger="caseflow.security")
    report = report_create(month=timezone.localdate(), by=None)
    client.force_login(deputy_director)
    client.get(reverse("pob_csv", args=[report.pk]))
    events = _events(caplog)
    assert any(e["event"] == "export_download" and e["who"] == "dd1" and e["format"] == "csv" for e in events)


def test_refused_access_is_logged(client, social_worker_team_b, child_a, caplog):
    caplog.set_level(logging.INFO, logger="caseflow.security")
    client.force_login(social_worker_team_b)
    client.get(reverse("child_detail", args=[child_a.pk]))
    events = _events(caplog)
    assert any(e["event"] == "not_found" and e["who"] == "sw3" and str(child_a.pk) in e["path"] for e in events)


def test_the_history_grants_cover_every_history_table(capsys):
    call_command("history_grants", "--role", "caseflow_app")
    printed = capsys.readouterr().out
    for table in history_tables():
        assert f"ON TABLE {table} FROM" in printed
    assert "caseflow_historicalchild" in history_tables()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the grant is PostgreSQL SQL")
def test_the_history_grants_stop_the_app_role_changing_history(transactional_db, child_a):
    role = "caseflow_grant_check"
    with connection.cursor() as cursor:
        cursor.execute(f"DROP ROLE IF EXISTS {role}")
        cursor.execute(f"CREATE ROLE {role}")
        try:
            for table in history_tables():
                cursor.execute(f"GRANT SELECT, INSERT, UPDATE, DELETE ON TABLE {table} TO {role}")
            for statement in revoke_statements(role):
                cursor.execute(statement)
            cursor.execute(f"SET ROLE {role}")
            from django.db import DatabaseError

            with pytest.raises(DatabaseError, match="permission denied"):
                cursor.execute("UPDATE caseflow_historicalchild SET given_names = 'x'")
        finally:
            cursor.execute("RESET ROLE")
            for table in history_tables():
                cursor.execute(f"REVOKE ALL ON TABLE {table} FROM {role}")
            cursor.execute(f"DROP ROLE IF EXISTS {role}")


def test_no_one_can_change_or_delete_history_in_the_admin(rf, administrator):
    """No history model is in the admin, and every admin of a tracked model refuses reverts and
    deletion, even for an administrator."""
    from django.contrib import admin
    from simple_history.admin import SimpleHistoryAdmin

    from caseflow.admin import ReadOnlyHistoryAdmin

    request = rf.get("/admin/")
    request.user = administrator
    tracked = []
    for model, model_admin in admin.site._registry.items():
        assert not model.__name__.startswith("Historical"), model
        if hasattr(model, "history"):
            tracked.append(model.__name__)
            assert not model_admin.has_delete_permission(request), model
            assert isinstance(model_admin, ReadOnlyHistoryAdmin) or not isinstance(model_admin, SimpleHistoryAdmin)
    assert {"User", "Team", "RoleSetting", "DeadlinePeriod"} <= set(tracked)


# Reviewed uses of QuerySet.update() and bulk_create(): each on a model that is not history
# tracked (deadlines and notifications are set-based by design; report runs report progress),
# except the demo's story clock, which re-dates the records and history rows that `seed_demo`
# has just made (demo data only, never production; see its docstring).
REVIEWED = {
    ("caseflow/demo_timeline.py", "update"),
    ("caseflow/deadlines/scan.py", "update"),
    ("caseflow/deadlines/scan.py", "bulk_create"),
    ("caseflow/notifications.py", "bulk_create"),
    ("caseflow/views/work.py", "update"),
    ("reports/services.py", "update"),
    ("reports/views.py", "update"),
}


def test_no_queryset_update_or_bulk_create_on_tracked_models():
    found = set()
    for path in ROOT.glob("*/**/*.py"):
        relative = path.relative_to(ROOT).as_posix()
        if relative.startswith((".venv", "var/", "tests/", "node_modules")) or "/migrations/" in relative:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
                name = node.func.attr
                if name == "bulk_create" or (name == "update" and not node.args and node.keywords):
                    found.add((relative, name))
    assert found <= REVIEWED, f"review these: {sorted(found - REVIEWED)}"


def test_a_database_that_stops_answering_gets_a_plain_503(client, social_worker, child_a):
    def database_down(*args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    client.force_login(social_worker)
    client.raise_request_exception = False
    with connection.execute_wrapper(database_down):
        response = client.post(reverse("network_person_create", args=[child_a.pk]), {"name": "Sam"})
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "may not have been saved" in response.content.decode()


def test_any_other_fault_is_a_plain_500(client, social_worker, child_a):
    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    client.force_login(social_worker)
    client.raise_request_exception = False
    with connection.execute_wrapper(broken):
        response = client.get(reverse("child_detail", args=[child_a.pk]))
    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in response.content.decode()
