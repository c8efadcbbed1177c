"""Pathway pages. Thin: selectors read, services write, forms check input."""

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from caseflow import selectors as core_selectors
from caseflow.models import User
from caseflow.selectors import parse_search_date
from pathways import catalogue, integrations, selectors, services
from pathways.constants import ActionStatus, AgreementKind, Stage, Transition
from pathways.forms import (
    ActionForm,
    AgreementForm,
    DecisionForm,
    EpisodeFactsForm,
    EpisodeStartForm,
    GoingHomePlanForm,
    PlanReviewForm,
    TransferItemForm,
    TransitionRequestForm,
    UnplannedReturnForm,
)
from pathways.models import GoingHomePlan, PathwayEpisode, TransferChecklistItem


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _apply_errors(form: Any, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for name, errors in error.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def _episode_for_recording(request: HttpRequest, episode_id: UUID) -> PathwayEpisode:
    episode = selectors.episode_get_for_user(user=_user(request), episode_id=episode_id)
    if not request.user.has_perm("pathways.record", episode):
        raise PermissionDenied("Your role cannot record pathway work")
    return episode


def _page(request: HttpRequest, episode: PathwayEpisode, form: Any, title: str, **extra: Any) -> HttpResponse:
    context = {"form": form, "episode": episode, "child": episode.child, "title": title, "today": timezone.localdate()}
    return render(request, "pathways/episode_form.html", {**context, **extra})


def _back(episode: PathwayEpisode) -> HttpResponse:
    return redirect("pathway_episode", episode_id=episode.pk)


def episode_start(request: HttpRequest, child_id: UUID) -> HttpResponse:
    user = _user(request)
    child = core_selectors.child_get_for_user(user=user, child_id=child_id)
    if not user.has_perm("caseflow.change_child", child):
        raise PermissionDenied("Your role cannot start a pathway")
    form = EpisodeStartForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            episode = services.episode_start(child=child, by=user, activated_at=form.cleaned_data["activated_at"])
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, f"Going Home pathway started for {child.full_name}: stage 1")
            return _back(episode)
    return render(
        request,
        "pathways/episode_form.html",
        {"form": form, "child": child, "title": "Start the Going Home pathway", "today": timezone.localdate()},
    )


def episode_detail(request: HttpRequest, episode_id: UUID) -> HttpResponse:
    user = _user(request)
    episode = selectors.episode_get_for_user(user=user, episode_id=episode_id)
    asked_date = request.GET.get("on", "").strip()
    on = parse_search_date(asked_date) if asked_date else None
    return render(
        request,
        "pathways/episode_detail.html",
        {
            "episode": episode,
            "child": episode.child,
            "today": timezone.localdate(),
            "checklist": selectors.checklist(episode=episode),
            "transfer_checklist": selectors.transfer_checklist(episode=episode),
            "plan": GoingHomePlan.objects.filter(episode=episode).prefetch_related("reviews").first(),
            "options": selectors.transition_options(episode=episode),
            "requests": list(episode.requests.select_related("requested_by", "decided_by")),
            "agreements": list(episode.agreements.select_related("recorded_by")),
            "exceptions": selectors.unplanned_return_exceptions(episode=episode),
            "can_record": user.has_perm("pathways.record", episode),
            "can_agree_dd": user.has_perm("pathways.agree_dd_return_home", episode),
            "can_agree_tm": user.has_perm("pathways.agree_tm_unplanned_return", episode),
            "living_away": selectors.living_away(episode=episode),
            "reunification_checked": integrations.reunification_check_available(),
            "asked_date": asked_date,
            "stage_on": selectors.stage_on(episode=episode, on=on) if on else None,
            "asked_date_invalid": bool(asked_date) and on is None,
            "on": on,
            "show_transfer": episode.state in (Stage.STAGE_1, Stage.STAGE_1_BYF),
        },
    )


def episode_facts(request: HttpRequest, episode_id: UUID) -> HttpResponse:
    episode = _episode_for_recording(request, episode_id)
    form = EpisodeFactsForm(request.POST if request.method == "POST" else None, instance=episode)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.fields}
        try:
            services.episode_facts_update(episode=episode, by=_user(request), fields=fields)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, "Pathway details saved")
            return _back(episode)
    return _page(request, episode, form, "Pathway details")


def action_record(request: HttpRequest, episode_id: UUID, key: str) -> HttpResponse:
    episode = _episode_for_recording(request, episode_id)
    spec = catalogue.BY_KEY.get(key)
    if spec is None:
        raise Http404("No such action")
    existing = episode.actions.filter(key=key).first()
    initial = {}
    if existing is not None:
        initial = {
            "status": existing.status,
            "done_by": existing.done_by_id,
            "done_on": existing.done_on,
            "outcome": existing.outcome,
            "note": existing.note,
            "not_applicable_reason": existing.not_applicable_reason,
        }
    form = ActionForm(request.POST if request.method == "POST" else None, initial=initial, user=_user(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.action_record(
                episode=episode,
                by=_user(request),
                key=key,
                status=data["status"],
                done_by=data["done_by"],
                done_on=data["done_on"],
                outcome=data["outcome"],
                note=data["note"],
                not_applicable_reason=data["not_applicable_reason"],
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            word = "done" if data["status"] == ActionStatus.DONE else "not applicable"
            messages.success(request, f"'{spec.label}' recorded as {word}")
            return _back(episode)
    return _page(request, episode, form, spec.label, caption=spec.group)


def plan_edit(request: HttpRequest, episode_id: UUID) -> HttpResponse:
    episode = _episode_for_recording(request, episode_id)
    plan = GoingHomePlan.objects.filter(episode=episode).first()
    initial = (
        {
            "timeframe": plan.timeframe,
            "plan_text": plan.plan_text,
            "shared_on": plan.shared_on,
            "shared_with": plan.shared_with,
        }  # fmt: skip
        if plan
        else {}
    )
    form = GoingHomePlanForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.going_home_plan_save(episode=episode, by=_user(request), fields=form.cleaned_data)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, "Going Home plan saved")
            return _back(episode)
    return _page(request, episode, form, "Going Home plan")


def plan_review_create(request: HttpRequest, episode_id: UUID) -> HttpResponse:
    episode = _episode_for_recording(request, episode_id)
    form = PlanReviewForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_review_record(episode=episode, by=_user(request), **form.cleaned_data)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, "Review of the Going Home plan recorded")
            return _back(episode)
    return _page(request, episode, form, "Record a review of the Going Home plan")


def transfer_item_complete(request: HttpRequest, episode_id: UUID, item_id: int) -> HttpResponse:
    episode = _episode_for_recording(request, episode_id)
    item = get_object_or_404(TransferChecklistItem, pk=item_id, is_active=True)
    form = TransferItemForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.transfer_item_complete(episode=episode, item=item, by=_user(request), **form.cleaned_data)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, f"Transfer checklist: '{item.text}' complete")
            return _back(episode)
    return _page(request, episode, form, item.text, caption="Transfer checklist to Building Your Futures")


def request_create(request: HttpRequest, episode_id: UUID, transition: str) -> HttpResponse:
    episode = _episode_for_recording(request, episode_id)
    if transition not in Transition.values:
        raise Http404("No such stage change")
    label = Transition(transition).label
    options = {option.transition: option for option in selectors.transition_options(episode=episode)}
    option = options.get(Transition(transition))
    form = TransitionRequestForm(
        request.POST if request.method == "POST" else None, asks_for_date=transition == Transition.EXIT
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.transition_request(
                episode=episode,
                transition=transition,
                by=_user(request),
                reason=form.cleaned_data["reason"],
                effective_on=form.cleaned_data.get("effective_on"),
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, f"'{label}' requested: a team manager will decide")
            return _back(episode)
    return _page(
        request,
        episode,
        form,
        f"Request: {label}",
        option=option,
        unreachable=option is None,
        submit_label="Send the request",
    )


def request_decide(request: HttpRequest, request_id: UUID) -> HttpResponse:
    user = _user(request)
    transition_request = selectors.request_get_for_user(user=user, request_id=request_id)
    episode = transition_request.episode
    can_decide = user.has_perm("pathways.decide_request", transition_request)
    if not can_decide and request.method == "POST":
        raise PermissionDenied("Only a team manager of the child's team, other than the requester, can decide")
    form = DecisionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        approving = form.cleaned_data["decision"] == "approve"
        try:
            if approving:
                services.transition_approve(request=transition_request, by=user, reason=form.cleaned_data["reason"])
            else:
                services.transition_refuse(request=transition_request, by=user, reason=form.cleaned_data["reason"])
        except services.AlreadyDecided as error:
            messages.info(request, str(error))
            return _back(episode)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            word = "approved" if approving else "refused"
            messages.success(request, f"'{transition_request.get_transition_display()}' {word}")
            return _back(episode)
    episode.child = core_selectors.child_get_for_user(user=user, child_id=episode.child_id)
    return render(
        request,
        "pathways/request_decide.html",
        {
            "form": form,
            "transition_request": transition_request,
            "episode": episode,
            "child": episode.child,
            "today": timezone.localdate(),
            "can_decide": can_decide,
            "missing": selectors.missing_for_request(transition_request=transition_request),
        },
    )


def unplanned_return(request: HttpRequest, episode_id: UUID) -> HttpResponse:
    episode = _episode_for_recording(request, episode_id)
    form = UnplannedReturnForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.unplanned_return_record(
                episode=episode, by=_user(request), returned_on=form.cleaned_data["returned_on"],
                note=form.cleaned_data["note"],
            )  # fmt: skip
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, "Unplanned return home recorded: the child is now at stage 3")
            return _back(episode)
    return _page(request, episode, form, "Record an unplanned return home", submit_label="Record the return home")


AGREEMENT_TITLES = {
    AgreementKind.DEPUTY_DIRECTOR_RETURN: "Deputy Director: agreement to the return home",
    AgreementKind.MANAGER_UNPLANNED_RETURN: "Team manager: agreement to the unplanned return home",
}


def agreement_create(request: HttpRequest, episode_id: UUID, kind: str) -> HttpResponse:
    user = _user(request)
    episode = selectors.episode_get_for_user(user=user, episode_id=episode_id)
    if kind not in AgreementKind.values:
        raise Http404("No such agreement")
    if not user.has_perm(services.AGREEMENT_PERMS[AgreementKind(kind)], episode):
        raise PermissionDenied("Your role cannot record this agreement")
    form = AgreementForm(request.POST if request.method == "POST" else None, unplanned=episode.unplanned_return)
    if request.method == "POST" and form.is_valid():
        try:
            services.agreement_record(episode=episode, by=user, kind=kind, **form.cleaned_data)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, "Decision recorded")
            return _back(episode)
    previous = episode.latest_agreement(kind)
    return _page(request, episode, form, AGREEMENT_TITLES[AgreementKind(kind)], previous=previous)
