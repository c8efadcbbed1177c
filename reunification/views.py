"""Reunification pages. Thin: selectors read, services write, forms check input."""

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from caseflow import selectors as core_selectors
from caseflow.models import NetworkPerson, User
from reunification import catalogue, guards, selectors, services
from reunification.constants import RISK_MEANING, DecisionKind, RiskLevel, Step
from reunification.forms import (
    ActivityForm,
    AssessmentPlanForm,
    ClassificationForm,
    ConfirmForm,
    CpagForm,
    DecisionForm,
    EndForm,
    GoalForm,
    GoalProgressForm,
    IdentifyForm,
    PoliceCheckForm,
    ReturnHomeForm,
)
from reunification.models import ParentalGoal, ReunificationEpisode


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _apply_errors(form: Any, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for name, errors in error.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def _episode(request: HttpRequest, episode_id: UUID, perm: str = "reunification.record") -> ReunificationEpisode:
    episode = selectors.episode_get_for_user(user=_user(request), episode_id=episode_id)
    if not request.user.has_perm(perm, episode):
        raise PermissionDenied("Your role cannot do this in a reunification episode")
    return episode


def _form_page(
    request: HttpRequest, episode: ReunificationEpisode, form: Any, title: str, **extra: Any
) -> HttpResponse:
    context = {"form": form, "episode": episode, "child": episode.child, "title": title, "today": timezone.localdate()}
    return render(request, "reunification/form.html", {**context, **extra})


def _back(episode: ReunificationEpisode) -> HttpResponse:
    return redirect("reunification_episode", episode_id=episode.pk)


def _handle(
    request: HttpRequest, episode: ReunificationEpisode, form: Any, title: str, save: Any, done: str, **extra: Any
) -> HttpResponse:
    """POST: validate, call the service, explain any refusal beside the form; GET: show the form."""
    if request.method == "POST" and form.is_valid():
        try:
            save(form.cleaned_data)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, done)
            return _back(episode)
    return _form_page(request, episode, form, title, **extra)


def identify(request: HttpRequest, child_id: UUID) -> HttpResponse:
    user = _user(request)
    child = core_selectors.child_get_for_user(user=user, child_id=child_id)
    if not user.has_perm("reunification.identify", child):
        raise PermissionDenied("Your role cannot identify a reunification candidate")
    form = IdentifyForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            episode = services.episode_identify(child=child, by=user, **form.cleaned_data)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, f"{child.full_name} identified as a candidate for reunification")
            return _back(episode)
    return render(
        request,
        "reunification/form.html",
        {
            "form": form,
            "child": child,
            "title": "Identify a candidate for reunification",
            "today": timezone.localdate(),
        },
    )


def episode_detail(request: HttpRequest, episode_id: UUID) -> HttpResponse:
    user = _user(request)
    episode = selectors.episode_get_for_user(user=user, episode_id=episode_id)
    next_step = selectors.next_step(episode=episode)
    decisions = selectors.all_decisions(episode=episode)
    decision_kinds = [
        kind
        for kind in DecisionKind
        if user.has_perm(f"reunification.decide_{kind.value}", episode)
        and services.decision_waiting(episode, kind, by=user) is None
    ]
    return render(
        request,
        "reunification/episode_detail.html",
        {
            "episode": episode,
            "child": episode.child,
            "today": timezone.localdate(),
            "next_step": next_step,
            "decisions": decisions,
            "superseded_ids": selectors.superseded_ids(decisions),
            "correctable_ids": selectors.correctable_decision_ids(episode=episode, decisions=decisions, user=user),
            "decision_kinds": decision_kinds,
            "risk_history": selectors.risk_history(episode=episode),
            "police_checks": selectors.police_checks(episode=episode),
            "goals": list(episode.goals.prefetch_related("progress")),
            "activities": selectors.activities_by_step(episode=episode),
            "alerts": selectors.alerts(episode=episode),
            "review_chair": selectors.review_chair(episode=episode),
            "can_record": user.has_perm("reunification.record", episode),
            "can_end": user.has_perm("reunification.end", episode) and episode.is_open,
            "consider_proceedings": episode.state == Step.ALTERNATIVE_PERMANENCE
            and episode.child.legal_statuses.filter(end_date__isnull=True, status="s20").exists(),
        },
    )


def monitoring_form(request: HttpRequest, episode_id: UUID) -> HttpResponse:
    """The one-page Reunification Monitoring form: every key date, decision and classification."""
    episode = selectors.episode_get_for_user(user=_user(request), episode_id=episode_id)
    decisions = selectors.all_decisions(episode=episode)
    return render(
        request,
        "reunification/monitoring_form.html",
        {
            "episode": episode,
            "child": episode.child,
            "today": timezone.localdate(),
            "decisions": decisions,
            "superseded_ids": selectors.superseded_ids(decisions),
            "risk_history": selectors.risk_history(episode=episode),
            "police_checks": selectors.police_checks(episode=episode),
            "activities": selectors.activities_by_step(episode=episode),
            "goals": list(episode.goals.prefetch_related("progress")),
        },
    )


def activity_create(request: HttpRequest, episode_id: UUID, activity: str) -> HttpResponse:
    spec = catalogue.BY_KEY.get(activity)
    if spec is None:
        raise Http404("No such step")
    episode = _episode(request, episode_id)
    form = ActivityForm(request.POST if request.method == "POST" else None, is_visit=activity in catalogue.VISITS)
    return _handle(
        request,
        episode,
        form,
        spec.label,
        lambda data: services.activity_record(episode=episode, by=_user(request), key=activity, **data),
        f"Recorded: {spec.label}",
    )


def assessment_edit(request: HttpRequest, episode_id: UUID) -> HttpResponse:
    episode = _episode(request, episode_id)
    form = AssessmentPlanForm(request.POST if request.method == "POST" else None, instance=episode)
    return _handle(
        request,
        episode,
        form,
        "Assessment plan",
        lambda data: services.episode_details_update(episode=episode, by=_user(request), fields=data),
        "Assessment plan saved",
    )


def cpag_edit(request: HttpRequest, episode_id: UUID) -> HttpResponse:
    episode = _episode(request, episode_id)
    form = CpagForm(request.POST if request.method == "POST" else None, instance=episode)
    return _handle(
        request,
        episode,
        form,
        "CPAG (Change of Placement and Allowance Group)",
        lambda data: services.episode_details_update(episode=episode, by=_user(request), fields=data),
        "CPAG record saved",
    )


def police_check_create(request: HttpRequest, episode_id: UUID, person_id: int) -> HttpResponse:
    episode = _episode(request, episode_id)
    person = get_object_or_404(NetworkPerson, pk=person_id, child_id=episode.child_id)
    form = PoliceCheckForm(request.POST if request.method == "POST" else None)
    return _handle(
        request,
        episode,
        form,
        f"Police check: {person.name}",
        lambda data: services.police_check_record(episode=episode, person=person, by=_user(request), **data),
        f"Police check recorded for {person.name}",
    )


def goal_create(request: HttpRequest, episode_id: UUID) -> HttpResponse:
    episode = _episode(request, episode_id)
    form = GoalForm(request.POST if request.method == "POST" else None)
    return _handle(
        request,
        episode,
        form,
        "Parental agreement: add a SMART goal",
        lambda data: services.goal_add(episode=episode, by=_user(request), **data),
        "Goal added to the parental agreement",
    )


def goal_progress_create(request: HttpRequest, episode_id: UUID, goal_id: int) -> HttpResponse:
    episode = _episode(request, episode_id)
    goal = get_object_or_404(ParentalGoal, pk=goal_id, episode=episode)
    form = GoalProgressForm(request.POST if request.method == "POST" else None)
    return _handle(
        request,
        episode,
        form,
        f"Progress on: {goal}",
        lambda data: services.goal_progress_record(goal=goal, by=_user(request), **data),
        "Progress recorded",
    )


def classification_create(request: HttpRequest, episode_id: UUID) -> HttpResponse:
    episode = selectors.episode_get_for_user(user=_user(request), episode_id=episode_id)
    if not (
        request.user.has_perm("reunification.record", episode)
        or request.user.has_perm("reunification.identify", episode.child)
    ):
        raise PermissionDenied("Your role cannot classify risk")
    correcting = _being_corrected(request, episode.classifications.all())
    form = ClassificationForm(request.POST if request.method == "POST" else None, correcting=correcting)
    if correcting is None:
        title, done = "Record a risk classification", "Risk classification recorded"
    else:
        title, done = f"Correct: {correcting} on {correcting.classified_on:%-d %B %Y}", "Correction recorded"
    extra = {"kind": correcting.kind, "supersedes": correcting} if correcting is not None else {}
    return _handle(
        request,
        episode,
        form,
        title,
        lambda data: services.classification_record(episode=episode, by=_user(request), **data, **extra),
        done,
        meanings=[(RiskLevel(level).label, meaning) for level, meaning in RISK_MEANING.items()],
    )


def _being_corrected(request: HttpRequest, records: Any) -> Any:
    """The record named by ?corrects=<id> (a correction supersedes it), or None."""
    wanted = request.GET.get("corrects")
    if wanted is None:
        return None
    record = records.filter(pk=int(wanted)).first() if wanted.isdigit() and len(wanted) < 10 else None
    if record is None:
        raise Http404("No such record to correct")
    return record


def decision_create(request: HttpRequest, episode_id: UUID, decision: str) -> HttpResponse:
    kind = decision
    if kind not in DecisionKind.values:
        raise Http404("No such decision")
    decision_kind = DecisionKind(kind)
    episode = _episode(request, episode_id, perm=f"reunification.decide_{kind}")
    meanings = [(RiskLevel(level).label, meaning) for level, meaning in RISK_MEANING.items()]
    correcting = _being_corrected(request, episode.decisions.filter(kind=kind))
    form = DecisionForm(request.POST if request.method == "POST" else None, kind=decision_kind, correcting=correcting)
    if correcting is not None:
        return _handle(
            request,
            episode,
            form,
            f"Correct {correcting} ({correcting.decided_on:%-d %B %Y})",
            lambda data: services.decision_correct(decision=correcting, by=_user(request), **data),
            f"{decision_kind.label} corrected",
            not_now=services.correction_refused(correcting),
            meanings=meanings,
        )
    waiting = services.decision_waiting(episode, decision_kind, by=_user(request))
    return _handle(
        request,
        episode,
        form,
        decision_kind.label,
        lambda data: services.decision_record(episode=episode, by=_user(request), kind=kind, **data),
        f"{decision_kind.label} recorded",
        not_now=waiting,
        meanings=meanings,
    )


def move_on(request: HttpRequest, episode_id: UUID, move: str) -> HttpResponse:
    """Move the episode on to the next step: GET shows what that needs, POST does it."""
    if move not in services.MOVES:
        raise Http404("No such step")
    episode = _episode(request, episode_id)
    form = ConfirmForm(request.POST if request.method == "POST" else None)
    guard_name, label = services.MOVES[move]
    return _handle(
        request,
        episode,
        form,
        label,
        lambda data: services.episode_move_on(episode=episode, by=_user(request), move=move),
        label,
        still_needed=guards.missing(episode, guard_name),
    )


def return_home(request: HttpRequest, episode_id: UUID) -> HttpResponse:
    episode = _episode(request, episode_id)
    form = ReturnHomeForm(request.POST if request.method == "POST" else None)
    return _handle(
        request,
        episode,
        form,
        "Record the return home",
        lambda data: services.return_home_record(episode=episode, by=_user(request), **data),
        "Return home recorded",
    )


def end(request: HttpRequest, episode_id: UUID) -> HttpResponse:
    episode = _episode(request, episode_id, perm="reunification.end")
    form = EndForm(request.POST if request.method == "POST" else None)
    return _handle(
        request,
        episode,
        form,
        "Close or exit the reunification episode",
        lambda data: services.episode_end(episode=episode, by=_user(request), **data),
        "Outcome recorded and the episode ended",
    )
