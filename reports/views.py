"""The POB report pages and downloads."""

import contextlib
import csv
import io
import threading
from datetime import date
from typing import Any
from urllib.parse import urlencode
from uuid import UUID

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import connections, transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from caseflow.models import User
from reports import access
from reports.figures import OVERALL
from reports.models import PobReport, ReportRun, RunStatus
from reports.services import month_problem, parse_month, previous_month, run_start
from reports.tasks import generate_pob_report


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _may_open(request: HttpRequest) -> User:
    user = _user(request)
    if not access.can_open_report(user):
        raise PermissionDenied("The POB report is for managers, performance officers and practitioners")
    return user


def report_list(request: HttpRequest, *, typed: str | None = None, error: str | None = None) -> HttpResponse:
    user = _may_open(request)
    reports = PobReport.objects.only("id", "month", "version", "created_at", "created_by", "scheduled")
    return render(
        request,
        "reports/pob_list.html",
        {
            "reports": list(reports.select_related("created_by")),
            "can_generate": access.can_generate_report(user),
            "default_month": f"{previous_month():%Y-%m}" if typed is None else typed,
            "month_error": error,
            "runs": list(ReportRun.objects.filter(status__in=[RunStatus.QUEUED, RunStatus.RUNNING])[:5]),
        },
        # The form again with its error, as every form answers (200), so nothing typed is lost.
        status=200,
    )


def _combined(values: dict[str, Any], teams: set[str] | None, *, counts: bool) -> Any:
    """The figure for all teams, or for the viewer's own teams. Counts add up; a percentage or a
    median cannot be made from the teams' ones, so it is given only for a single team."""
    if teams is None:
        return values.get(OVERALL, 0 if counts else None)
    if counts:
        return sum(values.get(t, 0) for t in teams)
    return values.get(next(iter(teams))) if len(teams) == 1 else None


def _table(report: PobReport, teams: set[str] | None) -> dict[str, Any]:
    """The report shaped for a page or a download: the user's columns, and each row's values."""
    names = report.figures["teams"]
    used = sorted(
        {team for s in report.figures["sections"] for r in s["rows"] for team in r["values"]} - {OVERALL},
        key=lambda t: names.get(t, t),
    )
    columns = [t for t in used if teams is None or t in teams]
    sections = []
    for section in report.figures["sections"]:
        counts = section.get("unit", "children") == "children"
        rows = []
        for row in section["rows"]:
            values = row["values"]
            rows.append(
                {
                    "label": row["label"],
                    "overall": _combined(values, teams, counts=counts),
                    "previous": _combined(row["previous"], teams, counts=counts),
                    "teams": [values.get(t, 0 if counts else None) for t in columns],
                }
            )
        top = max([r["overall"] or 0 for r in rows] + [1])
        for r in rows:
            r["bar"] = round(300 * (r["overall"] or 0) / top)
        sections.append({**section, "rows": rows})
    return {
        "columns": [names.get(t, t) for t in columns],
        "sections": sections,
        "overall_label": "All teams" if teams is None else "Your teams",
    }


def _changes(report: PobReport, teams: set[str] | None) -> list[str]:
    """What changed since the previous version: the stored list for the whole report; for a
    viewer of their own teams, worked out from their teams' figures alone."""
    if teams is None:
        return list(report.changes)
    earlier = PobReport.objects.filter(month=report.month, version__lt=report.version).order_by("-version").first()
    if earlier is None:
        return []
    before, after = (
        {(s["title"], r["label"]): r["overall"] for s in _table(version, teams)["sections"] for r in s["rows"]}
        for version in (earlier, report)
    )
    return [
        f"{title}, {label}: {before.get((title, label)) or 0} → {after.get((title, label)) or 0}"
        for title, label in sorted(set(before) | set(after))
        if (before.get((title, label)) or 0) != (after.get((title, label)) or 0)
    ]


def report_detail(request: HttpRequest, report_id: UUID) -> HttpResponse:
    user = _may_open(request)
    report = get_object_or_404(PobReport.objects.select_related("created_by"), pk=report_id)
    teams = access.report_teams(user)
    return render(
        request,
        "reports/pob_detail.html",
        {"report": report, "changes": _changes(report, teams), **_table(report, teams)},
    )


def _log_download(request: HttpRequest, report: PobReport, extension: str) -> None:
    from caseflow.security_log import security_event

    security_event(
        "export_download", request=request, who=_user(request).get_username(), report=str(report), format=extension
    )


def _filename(report: PobReport, extension: str) -> str:
    return f"pob-report-{report.month:%Y-%m}-v{report.version}.{extension}"


def _rows_for_download(report: PobReport, teams: set[str] | None) -> list[list[Any]]:
    table = _table(report, teams)
    rows: list[list[Any]] = [
        ["Figure", "Row", table["overall_label"], "Previous month", *table["columns"], "Definition"]
    ]
    for section in table["sections"]:
        for row in section["rows"]:
            rows.append(
                [section["title"], row["label"], row["overall"], row["previous"], *row["teams"], section["definition"]]
            )
    return rows


def report_csv(request: HttpRequest, report_id: UUID) -> HttpResponse:
    user = _may_open(request)
    report = get_object_or_404(PobReport, pk=report_id)
    buffer = io.StringIO()
    csv.writer(buffer).writerows(_rows_for_download(report, access.report_teams(user)))
    _log_download(request, report, "csv")
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename(report, "csv")}"'
    return response


def report_xlsx(request: HttpRequest, report_id: UUID) -> HttpResponse:
    from openpyxl import Workbook

    user = _may_open(request)
    report = get_object_or_404(PobReport, pk=report_id)
    book = Workbook()
    sheet = book.active
    sheet.title = f"{report.month:%b %Y} v{report.version}"
    for row in _rows_for_download(report, access.report_teams(user)):
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    _log_download(request, report, "xlsx")
    response = HttpResponse(
        buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename(report, "xlsx")}"'
    return response


@require_POST
def report_generate(request: HttpRequest) -> HttpResponse:
    user = _may_open(request)
    if not access.can_generate_report(user):
        raise PermissionDenied("Only managers and performance officers make the report")
    typed = request.POST.get("month", "")
    month = parse_month(typed)
    problem = month_problem(month) if month else "Enter the month as YYYY-MM, for example 2026-10"
    if month is None or problem:
        return report_list(request, typed=typed, error=problem)
    run = run_start(month=month, by=user)
    transaction.on_commit(lambda: queue_run(run))
    return redirect("pob_run", run_id=run.pk)


def _run_beside_the_request(run_id: Any) -> None:
    try:
        with contextlib.suppress(Exception):  # a failed run has recorded its reason for the page
            generate_pob_report.apply(args=(run_id,))
    finally:
        connections.close_all()  # this thread's own connection


def queue_run(run: ReportRun) -> None:
    """Hand the run to a worker; if the queue is not answering, say so on the run."""
    if settings.CELERY_TASK_ALWAYS_EAGER:
        # The embedded default has no worker, and an eager task would hold this request until the
        # report is made: run it on a thread of its own, so the page can poll it as it would a worker.
        threading.Thread(target=_run_beside_the_request, args=[run.pk], name=f"pob-run-{run.pk}", daemon=True).start()
        return
    try:
        generate_pob_report.delay(run.pk)
    except Exception as error:  # broker down: the page tells the user to try again later
        # A run that started and failed (tasks run in-process in the embedded default) keeps its own reason.
        ReportRun.objects.filter(pk=run.pk, status=RunStatus.QUEUED).update(
            status=RunStatus.FAILED, error=f"The task queue is not answering ({error}); try again later"[:300]
        )


def run_progress(request: HttpRequest, run_id: UUID) -> HttpResponse:
    """How far a run has got. The page refreshes itself until the run is done; ?format=json too."""
    _may_open(request)
    run = get_object_or_404(ReportRun, pk=run_id)
    if request.GET.get("format") == "json":
        return JsonResponse(
            {
                "status": run.status,
                "progress": run.progress,
                "step": run.step,
                "report": str(run.report_id) if run.report_id else None,
            }
        )
    if run.status == RunStatus.DONE and run.report_id:
        return redirect("pob_detail", report_id=run.report_id)
    return render(request, "reports/pob_run.html", {"run": run})


def _dashboard_user(request: HttpRequest) -> User:
    user = _user(request)
    if not access.can_open_dashboard(user):
        raise PermissionDenied(
            "The tracker dashboard is for the Deputy Director, heads of service, service managers "
            "and performance officers"
        )
    return user


def _filters(request: HttpRequest, user: User) -> dict[str, Any]:
    from caseflow.selectors import parse_search_date
    from reports import dashboard

    teams = list(dashboard.teams_in(dashboard.scope(user=user)))
    team = next((t for t in teams if str(t.pk) == request.GET.get("team")), None)
    default_start, default_end = dashboard.default_range()
    errors: dict[str, str] = {}
    typed: dict[str, str] = {}
    dates: dict[str, date] = {}
    for name, default in (("from", default_start), ("to", default_end)):
        text = request.GET.get(name, "").strip()[:40]
        parsed = parse_search_date(text) if text else default
        if parsed is None:
            errors[name] = "Enter a date as day/month/year, for example 1/10/2026"
            typed[name] = text
        dates[name] = parsed or default
    start, end = dashboard.within(dates["from"], dates["to"])
    if not errors and (start, end) != (dates["from"], dates["to"]):
        errors["range"] = (
            f"The trends show {start:%-d %B %Y} to {end:%-d %B %Y}: at most three years, ending no later than today"
        )
    # The filters a drill-down link carries, so the list behind a number is the number's own.
    kept = {"team": str(team.pk)} if team else {}
    kept |= {"from": f"{start:%d/%m/%Y}", "to": f"{end:%d/%m/%Y}"}
    return {
        "teams": teams,
        "team": team,
        "start": start,
        "end": end,
        "errors": errors,
        "typed": typed,
        "filters": urlencode(kept),
    }


def dashboard_view(request: HttpRequest) -> HttpResponse:
    from reports import dashboard

    user = _dashboard_user(request)
    chosen = _filters(request, user)
    children = dashboard.scope(user=user, team=chosen["team"])
    trend = dashboard.trends(children=children, start=chosen["start"], end=chosen["end"])
    top = max([max(t.entries, t.returns_home, t.exits) for t in trend] + [1])
    return render(
        request,
        "reports/dashboard.html",
        {
            **chosen,
            "panels": dashboard.panels(children=children),
            "trend": trend,
            "trend_top": top,
            "can_drill": user.role != "performance_officer",
        },
    )


def dashboard_children(request: HttpRequest) -> HttpResponse:
    """The children behind a dashboard number, within the viewer's access."""
    from reports import dashboard

    user = _dashboard_user(request)
    if user.role == "performance_officer":
        raise PermissionDenied("Performance officers see the numbers, not children's names")
    chosen = _filters(request, user)
    children = dashboard.drill_down(
        children=dashboard.scope(user=user, team=chosen["team"]),
        metric=request.GET.get("metric", ""),
        value=request.GET.get("value", ""),
        start=chosen["start"],
        end=chosen["end"],
    )
    return render(
        request,
        "reports/dashboard_children.html",
        {
            "children": list(children.select_related("team", "allocated_worker").order_by("family_name")[:500]),
            "label": request.GET.get("label", "Children"),
            **chosen,
        },
    )
