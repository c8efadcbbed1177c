"""The POB report: a fixture month with hand-computed figures, immutability, versions, access,
downloads and the run the page polls."""

import csv
import io
import threading
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.urls import reverse
from openpyxl import load_workbook

from caseflow.models import AppendOnlyError, Child, Deadline, DeadlineStatus
from pathways import services as pathway_services
from pathways.constants import Stage
from pathways.models import PathwayEpisode
from reports import services
from reports.figures import OVERALL
from reports.models import PobReport, ReportRun, RunStatus
from reunification import services as reunification_services
from reunification.constants import DecisionKind, Outcome, Step
from reunification.models import ReunificationDecision
from tests.pathways.factories import episode_at
from tests.reunification.factories import episode_at as reunification_at

LONDON = ZoneInfo("Europe/London")
OCTOBER = date(2026, 10, 1)


def at(day: int, month: int = 10) -> datetime:
    return datetime(2026, month, day, 10, 0, tzinfo=LONDON)


@pytest.fixture
def october(child_a, child_b, social_worker, social_worker_team_b, team_manager, service_manager):
    """A month whose figures are worked out by hand (see each test).

    Amira (team A): on the pathway since 20 September; stage 2 on 5 October; going home within 60
    days on 20 October. Ellis (team B): started 3 October; went home unplanned on 10 October.
    Amira's Decision 1 (pursue) on 15 October. Three of Amira's deadlines fell due in October: one
    met on time, one met late, one not met.
    """
    history = PathwayEpisode.history.model
    Child.history.model.objects.update(history_date=at(1, 9))  # both children known since September

    amira = episode_at(
        Stage.STAGE_2_FINAL_60_DAYS, child=child_a, social_worker=social_worker, team_manager=team_manager
    )
    history.objects.filter(id=amira.pk, state=Stage.STAGE_1).update(history_date=at(20, 9), state_entered_at=at(20, 9))
    history.objects.filter(id=amira.pk, state=Stage.STAGE_2).update(history_date=at(5), state_entered_at=at(5))
    history.objects.filter(id=amira.pk, state=Stage.STAGE_2_FINAL_60_DAYS).update(
        history_date=at(20), state_entered_at=at(20)
    )

    ellis = pathway_services.episode_start(child=child_b, by=social_worker_team_b, activated_at=at(3))
    pathway_services.unplanned_return_record(
        episode=ellis, by=social_worker_team_b, returned_on=date(2026, 10, 10), note="Went home"
    )
    history.objects.filter(id=ellis.pk, state=Stage.STAGE_1).update(history_date=at(3))
    history.objects.filter(id=ellis.pk, state=Stage.STAGE_3).update(history_date=at(10), state_entered_at=at(10))

    episode = reunification_at(
        Step.DECISION_1,
        child=child_a,
        social_worker=social_worker,
        team_manager=team_manager,
        service_manager=service_manager,
    )
    reunification_services.decision_record(
        episode=episode,
        by=team_manager,
        kind=DecisionKind.DECISION_1,
        outcome=Outcome.PURSUE,
        rationale="Yes",
        decided_on=date(2026, 10, 15),
    )
    ReunificationDecision.objects.update(recorded_at=at(15))

    for due, met in ((at(10), date(2026, 10, 9)), (at(12), date(2026, 10, 14)), (at(30), None)):
        Deadline.objects.create(
            kind="pathway_placement_planning",
            child=child_a,
            clock_key=str(due),
            starts_at=at(1),
            due_at=due,
            met_on=met,
            status=DeadlineStatus.MET if met else DeadlineStatus.OVERDUE,
        )
    return {"team_a": str(child_a.team_id), "team_b": str(child_b.team_id)}


def _section(report, key):
    section = next(s for s in report.figures["sections"] if s["key"] == key)
    return {row["label"]: row["values"] for row in section["rows"]}


def test_stages_at_the_months_end(october):
    states = _section(services.report_create(month=OCTOBER, by=None), "pathway_states")
    assert states["Stage 2: going home within 60 days"] == {october["team_a"]: 1, OVERALL: 1}
    assert states["Stage 3: living at home"] == {october["team_b"]: 1, OVERALL: 1}
    assert states["Stage 1: living away from home"] == {}


def test_entries_and_exits_during_the_month(october):
    report = services.report_create(month=OCTOBER, by=None)
    entries, exits = _section(report, "pathway_entries"), _section(report, "pathway_exits")
    assert {label: values.get(OVERALL, 0) for label, values in entries.items() if values} == {
        "Stage 1: living away from home": 1,  # Ellis started; Amira started in September
        "Stage 2: active Going Home plan": 1,
        "Stage 2: going home within 60 days": 1,
        "Stage 3: living at home": 1,
    }
    assert {label: values.get(OVERALL, 0) for label, values in exits.items() if values} == {
        "Stage 1: living away from home": 2,
        "Stage 2: active Going Home plan": 1,
    }


def test_returns_home_and_medians(october):
    report = services.report_create(month=OCTOBER, by=None)
    assert _section(report, "returns_home") == {
        "Planned return": {},
        "Unplanned return": {october["team_b"]: 1, OVERALL: 1},
    }
    medians = _section(report, "median_days")
    assert medians["Stage 2: going home within 60 days"][OVERALL] == 11.0  # 20 to 31 October
    assert medians["Stage 3: living at home"][OVERALL] == 21.0  # 10 to 31 October


def test_decisions_and_deadlines(october):
    report = services.report_create(month=OCTOBER, by=None)
    assert _section(report, "reunification_decisions") == {
        "Decision 1: Pursue reunification": {october["team_a"]: 1, OVERALL: 1}
    }
    on_time = _section(report, "deadlines_on_time")["Placement information and placement planning meeting"]
    assert on_time[OVERALL] == 33.3  # one of three met on or before its day
    overdue = _section(report, "deadlines_overdue")["Placement information and placement planning meeting"]
    assert overdue[OVERALL] == 1


def test_a_later_correction_does_not_change_a_past_month(october, child_a, team_b):
    first = services.report_create(month=OCTOBER, by=None)
    child_a.team = team_b  # moved in November: October's report still counts Amira in team A
    child_a.save()
    second = services.report_create(month=OCTOBER, by=None)
    assert _section(second, "pathway_states") == _section(first, "pathway_states")
    assert (first.version, second.version) == (1, 2)
    assert second.changes == []


def test_a_rerun_says_what_changed(october, child_a):
    first = services.report_create(month=OCTOBER, by=None)
    Deadline.objects.filter(due_at=at(30)).update(met_on=date(2026, 10, 29), status=DeadlineStatus.MET)
    second = services.report_create(month=OCTOBER, by=None)
    assert "Deadlines met on time (%), Placement information and placement planning meeting: 33.3 → 66.7" in (
        second.changes
    )
    assert _section(first, "deadlines_on_time") != _section(second, "deadlines_on_time")


def test_a_snapshot_is_never_changed_or_deleted(db):
    report = services.report_create(month=OCTOBER, by=None)
    report.figures = {}
    with pytest.raises(AppendOnlyError):
        report.save()
    with pytest.raises(AppendOnlyError):
        report.delete()


@pytest.mark.django_db(transaction=True)
def test_two_runs_at_once_make_two_whole_versions():
    barrier = threading.Barrier(2)
    errors: list[Exception] = []

    def run():
        try:
            barrier.wait()
            services.report_create(month=OCTOBER, by=None)
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    reports = list(PobReport.objects.order_by("version"))
    assert [r.version for r in reports] == [1, 2]
    assert all(r.figures["sections"] for r in reports)


@pytest.mark.django_db(transaction=True)
def test_two_scheduled_runs_at_once_make_one_report():
    barrier = threading.Barrier(2)
    made: list[object] = []

    def run():
        try:
            barrier.wait()
            made.append(services.scheduled_report(today=date(2026, 11, 1)))
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert len([report for report in made if report is not None]) == 1
    assert PobReport.objects.filter(month=OCTOBER).count() == 1


def test_a_run_whose_worker_died_is_carried_out_when_delivered_again(db):
    run = services.run_start(month=OCTOBER, by=None)
    ReportRun.objects.filter(pk=run.pk).update(status=RunStatus.RUNNING, progress=40)  # as the dead worker left it
    services.run_execute(run_id=run.pk)
    services.run_execute(run_id=run.pk)  # a later duplicate delivery adds nothing
    run.refresh_from_db()
    assert run.status == RunStatus.DONE
    assert PobReport.objects.filter(month=OCTOBER).count() == 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="one process only on the embedded SQLite default")
@pytest.mark.django_db(transaction=True)
def test_a_second_delivery_while_the_first_runs_adds_nothing():
    from caseflow.locks import held_by_this_process

    run = services.run_start(month=OCTOBER, by=None)
    outcome: list[bool] = []

    def first_worker(holding: threading.Event, release: threading.Event) -> None:
        try:
            with held_by_this_process(f"pob-report-run:{run.pk}") as mine:
                outcome.append(mine)
                holding.set()
                release.wait(30)
        finally:
            connection.close()

    holding, release = threading.Event(), threading.Event()
    worker = threading.Thread(target=first_worker, args=(holding, release))
    worker.start()
    holding.wait(30)
    services.run_execute(run_id=run.pk)  # the duplicate, while the first holds the run
    release.set()
    worker.join(30)
    assert outcome == [True]
    assert PobReport.objects.count() == 0
    services.run_execute(run_id=run.pk)  # the first's redelivery, had it died, still runs it
    assert PobReport.objects.count() == 1


def test_the_schedule_makes_last_months_report_once(db):
    assert services.scheduled_report(today=date(2026, 11, 1)) is not None
    assert services.scheduled_report(today=date(2026, 11, 2)) is None  # a re-run (or a catch-up) adds nothing
    assert PobReport.objects.filter(month=OCTOBER).count() == 1


def test_downloads_hold_the_numbers_of_the_page(client, october, deputy_director):
    report = services.report_create(month=OCTOBER, by=None)
    client.force_login(deputy_director)
    page = client.get(reverse("pob_detail", args=[report.pk]))
    page_rows = {(s["title"], r["label"]): r["overall"] for s in page.context["sections"] for r in s["rows"]}
    rows = list(csv.reader(io.StringIO(client.get(reverse("pob_csv", args=[report.pk])).content.decode())))
    assert rows[0][:4] == ["Figure", "Row", "All teams", "Previous month"]
    from_csv = {(row[0], row[1]): float(row[2]) for row in rows[1:]}
    assert from_csv == {key: float(value) for key, value in page_rows.items()}
    book = load_workbook(io.BytesIO(client.get(reverse("pob_xlsx", args=[report.pk])).content))
    sheet_rows = list(book.active.iter_rows(values_only=True))
    assert {(r[0], r[1]): float(r[2]) for r in sheet_rows[1:]} == from_csv


def test_practitioners_see_only_their_own_teams(client, october, social_worker):
    report = services.report_create(month=OCTOBER, by=None)
    client.force_login(social_worker)
    page = client.get(reverse("pob_detail", args=[report.pk]))
    assert page.context["columns"] == ["Cared For"]
    assert page.context["overall_label"] == "Your teams"
    states = next(s for s in page.context["sections"] if s["key"] == "pathway_states")
    home = next(r for r in states["rows"] if r["label"] == "Stage 3: living at home")
    assert home["overall"] == 0  # Ellis is in team B


def test_the_page_follows_a_run_until_the_report_is_made(client, deputy_director, django_capture_on_commit_callbacks):
    client.force_login(deputy_director)
    response = client.post(reverse("pob_generate"), {"month": "2026-10"})
    run = ReportRun.objects.get()
    assert response.url == reverse("pob_run", args=[run.pk])
    progress = client.get(reverse("pob_run", args=[run.pk]))
    assert "This page checks again every 2 seconds" in progress.content.decode()
    assert client.get(reverse("pob_run", args=[run.pk]), {"format": "json"}).json()["status"] == RunStatus.QUEUED
    services.run_execute(run_id=run.pk)  # what the worker does
    done = client.get(reverse("pob_run", args=[run.pk]))
    assert done.url == reverse("pob_detail", args=[PobReport.objects.get().pk])


def test_a_month_typed_wrongly_is_explained(client, deputy_director):
    client.force_login(deputy_director)
    response = client.post(reverse("pob_generate"), {"month": "October"}, follow=True)
    assert "Enter the month as YYYY-MM, for example 2026-10" in response.content.decode()
    assert not ReportRun.objects.exists()


def test_a_team_manager_cannot_make_the_report(client, team_manager):
    client.force_login(team_manager)
    assert client.post(reverse("pob_generate"), {"month": "2026-10"}).status_code == 403
    assert not ReportRun.objects.exists()
