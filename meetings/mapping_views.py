"""Signs of Safety pages: the child's mapping overview, mappings, scaling, safety plans, next
steps, and the printable child-friendly outputs."""

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

import reunification.constants as reunification_constants
import reunification.selectors as reunification
from caseflow import selectors as core_selectors
from caseflow.models import Child, User
from meetings import mapping_selectors as selectors
from meetings import mapping_services as services
from meetings.mapping_forms import (
    ConfirmForm,
    DoneForm,
    MappingForm,
    MappingStartForm,
    NextStepForm,
    PlanReviewForm,
    PlanRuleForm,
    SafetyPlanForm,
    ScoreForm,
    StatementForm,
    WordingForm,
)
from meetings.models import Mapping, MappingStatus, NextStep, Statement
from meetings.registrations import CHART
from meetings.wording import DOMAINS, WORDING


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _posted(request: HttpRequest) -> Any:
    return request.POST if request.method == "POST" else None


def _apply_errors(form: Any, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for name, errors in error.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def _child(request: HttpRequest, child_id: UUID, *, recording: bool = False) -> Child:
    child = core_selectors.child_get_for_user(user=_user(request), child_id=child_id)
    if recording and not request.user.has_perm("caseflow.change_child", child):
        raise PermissionDenied("Your role cannot record for this child")
    return child


def _form(
    request: HttpRequest,
    child: Child,
    form: Any,
    title: str,
    back: str,
    save: Any,
    done: str,
    success: str,
    **extra: Any,
) -> HttpResponse:
    if request.method == "POST" and form.is_valid():
        try:
            save(form.cleaned_data)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, done)
            return redirect(success)
    context = {"form": form, "child": child, "title": title, "back": back, "today": timezone.localdate()}
    return render(request, "meetings/form.html", {**context, **extra})


def _safety_url(child: Child) -> str:
    return f"/children/{child.pk}/safety/"


def overview(request: HttpRequest, child_id: UUID) -> HttpResponse:
    user = _user(request)
    child = _child(request, child_id)
    framework, choice = selectors.current_framework(child)
    plans = list(
        child.safety_plans.select_related("family_network_meeting").prefetch_related(
            "rules", "rules__kept_by", "reviews"
        )
    )
    for plan in plans:
        plan.uncovered = selectors.uncovered_statements(plan=plan)  # type: ignore[attr-defined]
    return render(
        request,
        "meetings/safety/overview.html",
        {
            "child": child,
            "today": timezone.localdate(),
            "framework": framework,
            "wording": WORDING[framework],
            "choice": choice,
            "mappings": list(child.mappings.all()),
            "series": selectors.scaling_series(child=child),
            "plans": plans,
            "next_steps": list(child.next_steps.select_related("owner")),
            "can_record": user.has_perm("caseflow.change_child", child),
            "chart": CHART,
        },
    )


def wording_choose(request: HttpRequest, child_id: UUID) -> HttpResponse:
    child = _child(request, child_id, recording=True)
    framework, _ = selectors.current_framework(child)
    form = WordingForm(_posted(request), initial={"framework": framework})
    return _form(
        request,
        child,
        form,
        "Change the framework",
        _safety_url(child),
        lambda data: services.wording_choose(child=child, by=_user(request), **data),
        "Framework changed",
        _safety_url(child),
    )


def mapping_start(request: HttpRequest, child_id: UUID) -> HttpResponse:
    child = _child(request, child_id, recording=True)
    form = MappingStartForm(_posted(request))
    holder: dict[str, Mapping] = {}

    def save(data: dict[str, Any]) -> None:
        holder["mapping"] = services.mapping_start(child=child, by=_user(request), **data)

    if request.method == "POST" and form.is_valid():
        try:
            save(form.cleaned_data)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, "Mapping started")
            return redirect("mapping_detail", mapping_id=holder["mapping"].pk)
    return render(
        request,
        "meetings/form.html",
        {
            "form": form,
            "child": child,
            "title": "Start a mapping",
            "back": _safety_url(child),
            "today": timezone.localdate(),
        },
    )


def mapping_detail(request: HttpRequest, mapping_id: UUID) -> HttpResponse:
    """The mapping; a draft's domains are edited here in the child's framework's words."""
    user = _user(request)
    mapping = selectors.mapping_get_for_user(user=user, mapping_id=mapping_id)
    child = core_selectors.child_get_for_user(user=user, child_id=mapping.child_id)
    wording = selectors.wording_for(mapping)
    can_record = user.has_perm("caseflow.change_child", child)
    editable = can_record and mapping.status == MappingStatus.DRAFT
    initial = {domain: getattr(mapping, domain) for domain in DOMAINS}
    form = MappingForm(_posted(request) if editable else None, initial=initial, wording=wording)
    if request.method == "POST" and editable and form.is_valid():
        try:
            services.mapping_update(mapping=mapping, by=user, fields=form.cleaned_data)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, "Mapping saved")
            return redirect("mapping_detail", mapping_id=mapping.pk)
    elif request.method == "POST" and not editable:
        raise PermissionDenied("This mapping cannot be changed")
    domains = [(wording.heading(domain), getattr(mapping, domain)) for domain in DOMAINS]
    return render(
        request,
        "meetings/safety/mapping.html",
        {
            "mapping": mapping,
            "child": child,
            "today": timezone.localdate(),
            "wording": wording,
            "form": form,
            "editable": editable,
            "can_record": can_record,
            "domains": domains,
            "statements": list(mapping.statements.all()),
        },
    )


def mapping_compare(request: HttpRequest, mapping_id: UUID) -> HttpResponse:
    """This mapping beside the one before it (the one it was copied from, or the previous)."""
    user = _user(request)
    mapping = selectors.mapping_get_for_user(user=user, mapping_id=mapping_id)
    child = core_selectors.child_get_for_user(user=user, child_id=mapping.child_id)
    before = mapping.copied_from or child.mappings.filter(mapped_on__lt=mapping.mapped_on).first()
    wording = selectors.wording_for(mapping)
    rows = [(wording.heading(d), getattr(before, d) if before else "", getattr(mapping, d)) for d in DOMAINS]
    return render(
        request,
        "meetings/safety/compare.html",
        {
            "mapping": mapping,
            "before": before,
            "rows": rows,
            "statements": selectors.statements_side_by_side(before=before, after=mapping),
            "wording": wording,
            "child": child,
            "today": timezone.localdate(),
        },
    )


def statement_create(request: HttpRequest, mapping_id: UUID) -> HttpResponse:
    mapping = selectors.mapping_get_for_user(user=_user(request), mapping_id=mapping_id)
    child = _child(request, mapping.child_id, recording=True)
    form = StatementForm(_posted(request), wording=selectors.wording_for(mapping))
    back = f"/safety/mappings/{mapping.pk}/"
    return _form(
        request,
        child,
        form,
        f"Add a {selectors.wording_for(mapping).statement.lower()}",
        back,
        lambda data: services.statement_save(mapping=mapping, by=_user(request), **data),
        "Statement added",
        back,
    )


def statement_edit(request: HttpRequest, statement_id: int) -> HttpResponse:
    """A draft mapping's statement, changed (for example to add its goal before finalising)."""
    statement = selectors.statement_get_for_user(user=_user(request), statement_id=statement_id)
    mapping = statement.mapping
    child = _child(request, mapping.child_id, recording=True)
    wording = selectors.wording_for(mapping)
    initial = {name: getattr(statement, name) for name in ("worry", "goal", "zero_means", "ten_means")}
    form = StatementForm(_posted(request), initial=initial, wording=wording)
    back = f"/safety/mappings/{mapping.pk}/"
    return _form(
        request,
        child,
        form,
        f"Change the {wording.statement.lower()}",
        back,
        lambda data: services.statement_save(mapping=mapping, by=_user(request), statement=statement, **data),
        "Statement changed",
        back,
    )


def mapping_finalise(request: HttpRequest, mapping_id: UUID) -> HttpResponse:
    """GET asks for confirmation (and says what is missing); POST finalises."""
    mapping = selectors.mapping_get_for_user(user=_user(request), mapping_id=mapping_id)
    child = _child(request, mapping.child_id, recording=True)
    form = ConfirmForm(_posted(request))
    back = f"/safety/mappings/{mapping.pk}/"
    wording = selectors.wording_for(mapping)
    missing = [s.worry[:80] for s in mapping.statements.all() if not s.goal.strip()]
    warning = (
        f"Each {wording.statement.lower()} needs its {wording.goal.lower()} first. Missing for: " + "; ".join(missing)
        if missing
        else "Once finalised, the mapping is kept as it is: to change it, record a new mapping."
    )
    return _form(
        request,
        child,
        form,
        f"Finalise {mapping}",
        back,
        lambda data: services.mapping_finalise(mapping=mapping, by=_user(request)),
        "Mapping finalised",
        back,
        warning=warning,
    )


def score_create(request: HttpRequest, statement_id: int) -> HttpResponse:
    statement = selectors.statement_get_for_user(user=_user(request), statement_id=statement_id)
    child = _child(request, statement.mapping.child_id, recording=True)
    form = ScoreForm(_posted(request), child=child)
    return _form(
        request,
        child,
        form,
        f"Scaling: {statement.worry[:80]}",
        _safety_url(child),
        lambda data: services.score_record(statement=statement, by=_user(request), **data),
        "Score recorded",
        _safety_url(child),
        hint=f"0 means: {statement.zero_means}. 10 means: {statement.ten_means}.",
    )


def plan_create(request: HttpRequest, child_id: UUID) -> HttpResponse:
    child = _child(request, child_id, recording=True)
    form = SafetyPlanForm(_posted(request), meetings=selectors.family_network_meetings(child))
    return _form(
        request,
        child,
        form,
        "Record a safety plan",
        _safety_url(child),
        lambda data: services.safety_plan_create(child=child, by=_user(request), **data),
        "Safety plan recorded",
        _safety_url(child),
    )


def plan_rule_create(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = selectors.plan_get_for_user(user=_user(request), plan_id=plan_id)
    child = _child(request, plan.child_id, recording=True)
    latest = selectors.plan_mapping(child)
    statements = latest.statements.all() if latest else Statement.objects.none()
    form = PlanRuleForm(_posted(request), statements=statements, child=child)
    return _form(
        request,
        child,
        form,
        f"Add a rule to {plan}",
        _safety_url(child),
        lambda data: services.plan_rule_add(plan=plan, by=_user(request), **data),
        "Plan rule added",
        _safety_url(child),
    )


def plan_review_create(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = selectors.plan_get_for_user(user=_user(request), plan_id=plan_id)
    child = _child(request, plan.child_id, recording=True)
    form = PlanReviewForm(_posted(request))
    return _form(
        request,
        child,
        form,
        f"Review {plan}",
        _safety_url(child),
        lambda data: services.plan_review_add(plan=plan, by=_user(request), **data),
        "Review recorded",
        _safety_url(child),
    )


def next_step_create(request: HttpRequest, child_id: UUID) -> HttpResponse:
    child = _child(request, child_id, recording=True)
    form = NextStepForm(_posted(request))
    return _form(
        request,
        child,
        form,
        "Add a next step",
        _safety_url(child),
        lambda data: services.next_step_add(child=child, by=_user(request), **data),
        "Next step added",
        _safety_url(child),
    )


def next_step_done(request: HttpRequest, step_id: int) -> HttpResponse:
    step = get_object_or_404(NextStep.objects.select_related("child"), pk=step_id)
    child = _child(request, step.child_id, recording=True)
    form = DoneForm(_posted(request))
    return _form(
        request,
        child,
        form,
        f"Done: {step}",
        _safety_url(child),
        lambda data: services.next_step_done(step=step, by=_user(request), **data),
        "Next step done",
        _safety_url(child),
    )


def young_persons_report(request: HttpRequest, child_id: UUID) -> HttpResponse:
    child = _child(request, child_id)
    return render(
        request,
        "meetings/safety/young_persons_report.html",
        {"report": selectors.young_persons_report(child=child), "child": child},
    )


TRAFFIC_LIGHT = [
    (reunification_constants.RiskLevel.LOW, "Green"),
    (reunification_constants.RiskLevel.MEDIUM, "Amber"),
    (reunification_constants.RiskLevel.HIGH, "Red"),
    (reunification_constants.RiskLevel.SEVERE, "Dark red"),
]


def risk_table(request: HttpRequest, child_id: UUID) -> HttpResponse:
    """The accessible traffic-light risk classification table, with the child's current level."""
    child = _child(request, child_id)
    current = reunification.current_risk_level(child_id=child.pk)
    rows = [
        (level, level.label, colour, reunification_constants.RISK_MEANING[level]) for level, colour in TRAFFIC_LIGHT
    ]
    return render(request, "meetings/safety/risk_table.html", {"child": child, "rows": rows, "current": current})
