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
from django.utils import timezone
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


def test_a_waiver_counts_from_when_it_was_made(october, child_a, team_manager):
    """Waived in October: neither due nor overdue that month. Waived in November: still overdue at
    the end of October (and, met in November, not met on time). Met late, after the month: overdue
    at its end."""
    for day, waived_at, met_on in ((14, at(20), None), (15, at(3, 11), None), (16, None, date(2026, 11, 2))):
        Deadline.objects.create(
            kind="pathway_placement_planning", child=child_a, clock_key=f"extra {day}", starts_at=at(1),
            due_at=at(day), status=DeadlineStatus.WAIVED if waived_at else DeadlineStatus.MET,
            waived_at=waived_at, waived_by=team_manager if waived_at else None, met_on=met_on,
        )  # fmt: skip
    report = services.report_create(month=OCTOBER, by=None)
    label = "Placement information and placement planning meeting"
    assert _section(report, "deadlines_on_time")[label][OVERALL] == 20.0  # one of five (three plus two)
    assert _section(report, "deadlines_overdue")[label] == {october["team_a"]: 3, OVERALL: 3}


def test_the_previous_month_is_beside_each_figure(october, client, deputy_director):
    report = services.report_create(month=OCTOBER, by=None)
    sections = {section["key"]: section for section in report.figures["sections"]}

    def previous(key, label):
        return next(row["previous"] for row in sections[key]["rows"] if row["label"] == label)

    # At the end of September Amira was in stage 1, which she entered on 20 September.
    assert previous("pathway_states", "Stage 1: living away from home") == {october["team_a"]: 1, OVERALL: 1}
    assert previous("pathway_entries", "Stage 1: living away from home") == {october["team_a"]: 1, OVERALL: 1}
    assert previous("median_days", "Stage 1: living away from home") == {october["team_a"]: 10.0, OVERALL: 10.0}
    client.force_login(deputy_director)
    page = client.get(reverse("pob_detail", args=[report.pk]))
    rows = {(s["key"], r["label"]): r for s in page.context["sections"] for r in s["rows"]}
    assert rows[("pathway_entries", "Stage 1: living away from home")]["previous"] == 1
    assert rows[("returns_home", "Unplanned return")]["previous"] == 0  # a count: none is 0, not blank


def test_risk_levels_lifelong_links_and_fgcs_as_recorded_by_the_months_end(
    october, child_a, child_b, social_worker, social_worker_team_b
):
    from meetings.constants import MeetingType
    from meetings.models import Meeting, MeetingChild
    from pathways.constants import ActionStatus
    from pathways.models import PathwayAction
    from reunification.constants import ClassificationKind, RiskLevel
    from reunification.models import ReunificationEpisode, RiskClassification
    from tests.meetings.factories import meeting_held

    episode = ReunificationEpisode.objects.get(child=child_a)
    quick = reunification_services.classification_record(
        episode=episode,
        by=social_worker,
        kind=ClassificationKind.QUICK,
        level=RiskLevel.MEDIUM,
        classified_on=date(2026, 10, 16),
        rationale="First view",
    )
    RiskClassification.objects.filter(pk=quick.pk).update(recorded_at=at(16))
    corrected = reunification_services.classification_record(
        episode=episode,
        by=social_worker,
        kind=ClassificationKind.QUICK,
        level=RiskLevel.HIGH,
        classified_on=date(2026, 10, 16),
        rationale="Corrected after the police check",
        supersedes=quick,
    )
    RiskClassification.objects.filter(pk=corrected.pk).update(recorded_at=at(18))

    pathway = PathwayEpisode.objects.get(child=child_a)
    referral = pathway_services.action_record(
        episode=pathway,
        by=social_worker,
        key="lifelong_links_referral",
        status=ActionStatus.DONE,
        done_on=date(2026, 10, 8),
    )
    PathwayAction.history.model.objects.filter(id=referral.pk).update(history_date=at(8))

    on_time = meeting_held(MeetingType.FGC, child=child_a, by=social_worker, held_on=date(2026, 10, 12))
    Meeting.history.model.objects.filter(id=on_time.pk).update(history_date=at(12))
    MeetingChild.history.model.objects.filter(meeting_id=on_time.pk).update(history_date=at(12))
    # Held in October but written up in December: not known at October's end.
    meeting_held(MeetingType.FGC, child=child_b, by=social_worker_team_b, held_on=date(2026, 10, 20))

    report = services.report_create(month=OCTOBER, by=None)
    assert _section(report, "risk_levels") == {
        "Low": {},
        "Medium": {},  # corrected to High by the month's end: counted once, as its correction
        "High": {october["team_a"]: 1, OVERALL: 1},
        "Severe": {},
    }
    assert _section(report, "lifelong_links") == {"Lifelong Links referrals": {october["team_a"]: 1, OVERALL: 1}}
    assert _section(report, "fgcs") == {"Children with an FGC held": {october["team_a"]: 1, OVERALL: 1}}


def test_children_back_in_care_within_12_months_of_going_home(
    db, child_a, child_b, social_worker, social_worker_team_b, team_manager, team_manager_b
):
    from pathways.constants import Transition

    history = PathwayEpisode.history.model

    def went_home_then_came_back(child, worker, manager, *, started, home_on, exited_on, back_on):
        first = pathway_services.episode_start(child=child, by=worker, activated_at=started)
        pathway_services.unplanned_return_record(episode=first, by=worker, returned_on=home_on, note="Went home")
        request = pathway_services.transition_request(
            episode=first, transition=Transition.EXIT, by=worker, reason="Case closed", effective_on=exited_on
        )
        pathway_services.transition_approve(request=request, by=manager, reason="Agreed")
        history.objects.filter(id=first.pk, history_type="+").update(history_date=started)
        history.objects.filter(id=first.pk, state=Stage.STAGE_3).update(
            history_date=datetime(home_on.year, home_on.month, home_on.day, 12, tzinfo=LONDON)
        )
        history.objects.filter(id=first.pk, state=Stage.EXITED).update(
            history_date=datetime(exited_on.year, exited_on.month, exited_on.day, 12, tzinfo=LONDON)
        )
        again = pathway_services.episode_start(child=child, by=worker, activated_at=back_on)
        history.objects.filter(id=again.pk).update(history_date=back_on)

    Child.history.model.objects.update(history_date=datetime(2025, 1, 1, tzinfo=LONDON))
    # Ellis went home in March 2026 and came back into care in October: within 12 months.
    went_home_then_came_back(
        child_b, social_worker_team_b, team_manager_b,
        started=datetime(2026, 3, 1, 9, tzinfo=LONDON), home_on=date(2026, 3, 10),
        exited_on=date(2026, 9, 30), back_on=at(5),
    )  # fmt: skip
    # Amira went home in September 2025, more than 12 months before she came back in October 2026.
    went_home_then_came_back(
        child_a, social_worker, team_manager,
        started=datetime(2025, 8, 1, 9, tzinfo=LONDON), home_on=date(2025, 9, 1),
        exited_on=date(2025, 12, 1), back_on=at(6),
    )  # fmt: skip
    report = services.report_create(month=OCTOBER, by=None)
    assert _section(report, "back_in_care") == {
        "Came back into care within 12 months of going home": {str(child_b.team_id): 1, OVERALL: 1}
    }
    assert _section(report, "pathway_entries")["Stage 1: living away from home"][OVERALL] == 2


def test_the_command_makes_a_month_and_refuses_one_not_ended(db, capsys):
    from django.core.management import CommandError, call_command

    call_command("pob_report", "--month", "2026-10")
    call_command("pob_report", "--month", "2026-10")
    assert [r.version for r in PobReport.objects.filter(month=OCTOBER).order_by("version")] == [1, 2]
    assert "Made POB report October 2026, version 2." in capsys.readouterr().out
    with pytest.raises(CommandError, match="'October' is not a month: give it as YYYY-MM"):
        call_command("pob_report", "--month", "October")
    this_month = timezone.localdate().replace(day=1)
    with pytest.raises(CommandError, match="A report covers a month that has ended"):
        call_command("pob_report", "--month", f"{this_month:%Y-%m}")
    assert PobReport.objects.count() == 2


def test_beat_makes_last_months_report_early_each_morning_london_time(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["pob-report"]
    assert entry["task"] == "reports.tasks.scheduled_pob_report"
    assert (entry["schedule"].hour, entry["schedule"].minute) == ({5}, {0})
    assert settings.CELERY_TIMEZONE == "Europe/London"


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
    page_rows = {
        (s["title"], r["label"]): (r["overall"], r["previous"]) for s in page.context["sections"] for r in s["rows"]
    }
    rows = list(csv.reader(io.StringIO(client.get(reverse("pob_csv", args=[report.pk])).content.decode())))
    assert rows[0][:4] == ["Figure", "Row", "All teams", "Previous month"]

    def number(cell):  # a blank cell is a figure with nothing to give (a median of no one)
        return None if cell in ("", None) else float(cell)

    from_csv = {(row[0], row[1]): (number(row[2]), number(row[3])) for row in rows[1:]}
    assert from_csv == {key: (number(now), number(before)) for key, (now, before) in page_rows.items()}
    assert from_csv[("Median days in each stage", "Stage 1: living away from home")] == (None, 10.0)
    book = load_workbook(io.BytesIO(client.get(reverse("pob_xlsx", args=[report.pk])).content))
    sheet_rows = list(book.active.iter_rows(values_only=True))
    assert {(r[0], r[1]): (number(r[2]), number(r[3])) for r in sheet_rows[1:]} == from_csv


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


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("October", "Enter the month as YYYY-MM, for example 2026-10"),
        ("2026-13", "Enter the month as YYYY-MM, for example 2026-10"),
        ("9999-12", "A report covers a month that has ended: choose"),
        ("this month", "A report covers a month that has ended: choose"),
        ("0001-01", "Choose a month from January 2000 onwards"),
        ("0000-01", "Enter the month as YYYY-MM, for example 2026-10"),
    ],
)
def test_a_month_typed_wrongly_is_explained_and_kept(client, deputy_director, typed, message):
    if typed == "this month":
        typed = f"{timezone.localdate():%Y-%m}"
    client.force_login(deputy_director)
    response = client.post(reverse("pob_generate"), {"month": typed})
    assert response.status_code == 200
    assert message in response.context["month_error"]
    assert f'value="{typed}"' in response.content.decode()
    assert not ReportRun.objects.exists()


def test_a_run_that_fails_in_process_keeps_its_own_reason(db, deputy_director, monkeypatch):
    from reports import views

    def broken(month, *, progress=None):
        raise ValueError("the figures could not be read")

    monkeypatch.setattr("reports.figures.compute", broken)
    run = services.run_start(month=OCTOBER, by=deputy_director)
    monkeypatch.setattr(views.generate_pob_report, "delay", lambda run_id: services.run_execute(run_id=run_id))
    views.queue_run(run)
    run.refresh_from_db()
    assert (run.status, run.error) == (RunStatus.FAILED, "the figures could not be read")


def test_own_team_readers_see_what_changed_in_their_teams_only(
    client, october, child_b, social_worker, social_worker_team_b, deputy_director
):
    first = services.report_create(month=OCTOBER, by=None)
    Deadline.objects.create(
        kind="pathway_placement_planning",
        child=child_b,
        clock_key="late entry",
        starts_at=at(1),
        due_at=at(20),
        met_on=date(2026, 10, 19),
        status=DeadlineStatus.MET,
    )
    second = services.report_create(month=OCTOBER, by=None)
    label = "Deadlines met on time (%), Placement information and placement planning meeting"
    client.force_login(deputy_director)
    assert f"{label}: 33.3 → 50.0" in client.get(reverse("pob_detail", args=[second.pk])).context["changes"]
    client.force_login(social_worker)  # team A: nothing of theirs changed
    page = client.get(reverse("pob_detail", args=[second.pk]))
    assert page.context["changes"] == []
    assert "Nothing changed since the previous version" in page.content.decode()
    assert "50.0" not in page.content.decode()  # the all-teams figure is not shown to team A
    client.force_login(social_worker_team_b)
    assert client.get(reverse("pob_detail", args=[second.pk])).context["changes"] == [f"{label}: 0 → 100.0"]
    assert first.version == 1


def test_a_reader_of_two_teams_gets_counts_added_and_no_made_up_percentage(client, october, team_a, team_b):
    from tests.caseflow.factories import UserFactory

    manager = UserFactory.create(role="team_manager", teams=[team_a, team_b])
    report = services.report_create(month=OCTOBER, by=None)
    client.force_login(manager)
    page = client.get(reverse("pob_detail", args=[report.pk]))
    rows = {(s["key"], r["label"]): r for s in page.context["sections"] for r in s["rows"]}
    entries = rows[("pathway_entries", "Stage 3: living at home")]
    assert entries["overall"] == 1  # Ellis (team B); team A none
    on_time = rows[("deadlines_on_time", "Placement information and placement planning meeting")]
    assert on_time["overall"] is None  # a percentage is not the sum of two teams' percentages
    assert sorted(page.context["columns"]) == ["Building Your Futures", "Cared For"]
    assert 33.3 in on_time["teams"]


def test_a_team_manager_cannot_make_the_report(client, team_manager):
    client.force_login(team_manager)
    assert client.post(reverse("pob_generate"), {"month": "2026-10"}).status_code == 403
    assert not ReportRun.objects.exists()


def test_the_list_shows_each_version_with_when_and_who_made_it(client, db, deputy_director, performance_officer):
    services.scheduled_report(today=date(2026, 11, 1))
    services.report_create(month=OCTOBER, by=deputy_director)
    client.force_login(performance_officer)
    page = client.get(reverse("pob_list"))
    assert [(r.version, r.created_by) for r in page.context["reports"]] == [(2, deputy_director), (1, None)]
    html = page.content.decode()
    assert f"by {deputy_director}" in html
    assert "by the monthly schedule" in html


@pytest.mark.django_db(transaction=True)
def test_in_the_embedded_default_a_run_never_holds_up_the_request(client, deputy_director, settings, monkeypatch):
    """`make run` has no worker: the run goes on beside the request, and the page polls it."""
    from reports import figures
    from tests.drills.processes import wait_until

    settings.CELERY_TASK_ALWAYS_EAGER = True
    release, compute = threading.Event(), figures.compute

    def held_back(month, **kwargs):  # the real figures, once the test lets the run go on
        assert release.wait(timeout=30), "the run was never let go on"
        return compute(month, **kwargs)

    monkeypatch.setattr(figures, "compute", held_back)
    client.force_login(deputy_director)
    response = client.post(reverse("pob_generate"), {"month": "2026-10"})
    run = ReportRun.objects.get()
    # The request has answered while the run is still held: it did not wait for the report.
    assert response.url == reverse("pob_run", args=[run.pk])
    assert run.status in (RunStatus.QUEUED, RunStatus.RUNNING)
    assert client.get(reverse("pob_run", args=[run.pk]), {"format": "json"}).json()["status"] != RunStatus.DONE
    release.set()
    wait_until(lambda: ReportRun.objects.get().status == RunStatus.DONE, seconds=30, what="the run to finish")
    assert ReportRun.objects.get().report == PobReport.objects.get()


def test_the_month_end_teams_table_lasts_only_while_the_figures_are_worked_out(october, monkeypatch):
    from django.db import DatabaseError, transaction

    from reports import figures
    from reports.models import MonthEndTeam

    def gone() -> bool:
        try:
            with transaction.atomic():
                MonthEndTeam.objects.count()
        except DatabaseError:
            return True
        return False

    seen = []

    def broken(start, end):
        seen.append(dict(MonthEndTeam.objects.values_list("child__team_id", "team_id")))
        raise RuntimeError("the figures could not be read")

    services.report_create(month=OCTOBER, by=None)
    assert gone()
    monkeypatch.setattr(figures, "STEPS", [("Broken", broken)])
    with pytest.raises(RuntimeError):
        figures.compute(OCTOBER)
    assert seen == [{int(october["team_a"]): int(october["team_a"]), int(october["team_b"]): int(october["team_b"])}]
    assert gone()
