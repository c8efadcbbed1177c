"""Meeting pages, care planning, court hearings, family time, events and the tracker meeting."""

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from caseflow import selectors as core_selectors
from caseflow.constants import RECORDING_ROLES
from caseflow.models import Child, User
from meetings import selectors, services
from meetings.constants import WITHOUT_FAMILY, MeetingType
from meetings.forms import (
    ActionForm,
    AgendaForm,
    CareDecisionForm,
    CriterionForm,
    DoneForm,
    EventForm,
    FamilyTimeForm,
    HearingForm,
    MeetingForm,
    OutcomeForm,
    TrackerMeetingForm,
)
from meetings.models import Meeting, MeetingAction


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


def _child_for_recording(request: HttpRequest, child_id: UUID) -> Child:
    child = core_selectors.child_get_for_user(user=_user(request), child_id=child_id)
    if not request.user.has_perm("caseflow.change_child", child):
        raise PermissionDenied("Your role cannot record for this child")
    return child


def _form_page(request: HttpRequest, child: Child, form: Any, title: str, back: str, **extra: Any) -> HttpResponse:
    context = {"form": form, "child": child, "title": title, "back": back, "today": timezone.localdate()}
    return render(request, "meetings/form.html", {**context, **extra})


def _handle(request: HttpRequest, form: Any, save: Any, done: str, success_url: str) -> HttpResponse | None:
    if request.method == "POST" and form.is_valid():
        try:
            save(form.cleaned_data)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, done)
            return redirect(success_url)
    return None


def child_meetings(request: HttpRequest, child_id: UUID) -> HttpResponse:
    """Everything about a child's meetings, care planning, court hearings, family time and events."""
    user = _user(request)
    child = core_selectors.child_get_for_user(user=user, child_id=child_id)
    return render(
        request,
        "meetings/child_meetings.html",
        {
            "child": child,
            "today": timezone.localdate(),
            "meetings": selectors.meetings_for_child(child=child),
            "reasons": selectors.care_planning_reasons(child=child),
            "hearings": selectors.hearings(child=child),
            "family_time": selectors.family_time(child=child),
            "events": list(child.events.all()[:20]),
            "family_led": services.family_led_meeting_held(child),
            "can_record": user.has_perm("caseflow.change_child", child),
        },
    )


def meeting_create(request: HttpRequest, child_id: UUID) -> HttpResponse:
    child = _child_for_recording(request, child_id)
    initial = {"meeting_type": request.GET.get("type", ""), "chair": _user(request).pk}
    form = MeetingForm(_posted(request), initial=initial, child=child)
    holder: dict[str, Meeting] = {}

    def save(data: dict[str, Any]) -> None:
        holder["meeting"] = services.meeting_record(by=_user(request), children=[child], **data)

    if request.method == "POST" and form.is_valid():
        try:
            save(form.cleaned_data)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, "Meeting recorded")
            return redirect("meeting_detail", meeting_id=holder["meeting"].pk)
    return _form_page(
        request,
        child,
        form,
        "Record a meeting",
        back=f"/children/{child.pk}/meetings/",
        without_family=[t.label for t in WITHOUT_FAMILY],
    )


def meeting_detail(request: HttpRequest, meeting_id: UUID) -> HttpResponse:
    user = _user(request)
    meeting = selectors.meeting_get_for_user(user=user, meeting_id=meeting_id)
    discussed = selectors.children_discussed(meeting=meeting, user=user)
    return render(
        request,
        "meetings/meeting_detail.html",
        {
            "meeting": meeting,
            "discussed": discussed,
            "actions": list(meeting.actions.select_related("owner", "child")),
            "agenda": selectors.agenda(meeting=meeting),
            "care_decisions": list(meeting.care_decisions.select_related("child", "decided_by")),
            "staff": list(meeting.staff.all()),
            "network": list(meeting.network.all()),
            "can_record": user.role in RECORDING_ROLES
            and any(user.has_perm("caseflow.change_child", row.child) for row in discussed),
            "is_care_planning": meeting.meeting_type == MeetingType.CARE_PLANNING,
        },
    )


def _meeting_for_recording(request: HttpRequest, meeting_id: UUID) -> Meeting:
    meeting = selectors.meeting_get_for_user(user=_user(request), meeting_id=meeting_id)
    children = selectors.children_discussed(meeting=meeting, user=_user(request))
    if not any(request.user.has_perm("caseflow.change_child", row.child) for row in children):
        raise PermissionDenied("Your role cannot record for this meeting")
    return meeting


def _first_child(request: HttpRequest, meeting: Meeting) -> Child:
    return selectors.children_discussed(meeting=meeting, user=_user(request))[0].child


def outcome_record(request: HttpRequest, meeting_id: UUID, child_id: UUID) -> HttpResponse:
    meeting = _meeting_for_recording(request, meeting_id)
    child = _child_for_recording(request, child_id)
    record = get_object_or_404(meeting.discussed, child=child)
    form = OutcomeForm(_posted(request), initial={"outcome": record.outcome})
    done = _handle(
        request,
        form,
        lambda data: services.outcome_record(meeting=meeting, child=child, by=_user(request), **data),
        f"Outcome recorded for {child.full_name}",
        f"/meetings/{meeting.pk}/",
    )
    return done or _form_page(
        request, child, form, f"Outcome for {child.full_name}: {meeting}", back=f"/meetings/{meeting.pk}/"
    )


def action_create(request: HttpRequest, meeting_id: UUID) -> HttpResponse:
    meeting = _meeting_for_recording(request, meeting_id)
    children = Child.objects.filter(
        pk__in=[row.child.pk for row in selectors.children_discussed(meeting=meeting, user=_user(request))]
    )
    form = ActionForm(_posted(request), children=children)
    done = _handle(
        request,
        form,
        lambda data: services.action_add(meeting=meeting, by=_user(request), **data),
        "Action agreed",
        f"/meetings/{meeting.pk}/",
    )
    return done or _form_page(
        request, _first_child(request, meeting), form, f"Agree an action: {meeting}", back=f"/meetings/{meeting.pk}/"
    )


def action_done(request: HttpRequest, action_id: int) -> HttpResponse:
    action = get_object_or_404(MeetingAction, pk=action_id)
    meeting = _meeting_for_recording(request, action.meeting_id)
    form = DoneForm(_posted(request))
    done = _handle(
        request,
        form,
        lambda data: services.action_done(action=action, by=_user(request), **data),
        "Action done",
        f"/meetings/{meeting.pk}/",
    )
    return done or _form_page(
        request, _first_child(request, meeting), form, f"Done: {action}", back=f"/meetings/{meeting.pk}/"
    )


def agenda_edit(request: HttpRequest, meeting_id: UUID) -> HttpResponse:
    meeting = _meeting_for_recording(request, meeting_id)
    points = selectors.agenda(meeting=meeting)
    form = AgendaForm(_posted(request), points=points)
    done = _handle(
        request,
        form,
        lambda data: services.agenda_record(meeting=meeting, by=_user(request), points=form.points()),
        "Agenda recorded",
        f"/meetings/{meeting.pk}/",
    )
    return done or _form_page(
        request, _first_child(request, meeting), form, "Care planning meeting agenda", back=f"/meetings/{meeting.pk}/"
    )


def care_decision_create(request: HttpRequest, meeting_id: UUID, child_id: UUID) -> HttpResponse:
    meeting = _meeting_for_recording(request, meeting_id)
    child = _child_for_recording(request, child_id)
    form = CareDecisionForm(_posted(request))
    done = _handle(
        request,
        form,
        lambda data: services.care_decision_record(meeting=meeting, child=child, by=_user(request), **data),
        "Care decision recorded",
        f"/meetings/{meeting.pk}/",
    )
    blocked = (
        None
        if services.family_led_meeting_held(child)
        else (
            f"No family-led decision-making meeting (a Family Group Conference or family network meeting) has been "
            f"held for {child.full_name}: a care decision cannot be recorded until one has."
        )
    )
    return done or _form_page(
        request, child, form, f"Care decision for {child.full_name}", back=f"/meetings/{meeting.pk}/", warning=blocked
    )


def criterion_create(request: HttpRequest, child_id: UUID) -> HttpResponse:
    child = _child_for_recording(request, child_id)
    form = CriterionForm(_posted(request))
    done = _handle(
        request,
        form,
        lambda data: services.criterion_note(child=child, by=_user(request), **data),
        "Recorded: the child needs a care planning meeting",
        f"/children/{child.pk}/meetings/",
    )
    return done or _form_page(
        request, child, form, "Why a care planning meeting is needed", back=f"/children/{child.pk}/meetings/"
    )


def hearing_create(request: HttpRequest, child_id: UUID) -> HttpResponse:
    child = _child_for_recording(request, child_id)
    form = HearingForm(_posted(request))
    done = _handle(
        request,
        form,
        lambda data: services.hearing_record(child=child, by=_user(request), **data),
        "Court hearing recorded",
        f"/children/{child.pk}/meetings/",
    )
    return done or _form_page(request, child, form, "Record a court hearing", back=f"/children/{child.pk}/meetings/")


def family_time_create(request: HttpRequest, child_id: UUID) -> HttpResponse:
    child = _child_for_recording(request, child_id)
    form = FamilyTimeForm(_posted(request), child=child)
    done = _handle(
        request,
        form,
        lambda data: services.family_time_record(child=child, by=_user(request), **data),
        "Family time recorded",
        f"/children/{child.pk}/meetings/",
    )
    return done or _form_page(request, child, form, "Record family time", back=f"/children/{child.pk}/meetings/")


def event_create(request: HttpRequest, child_id: UUID) -> HttpResponse:
    child = _child_for_recording(request, child_id)
    form = EventForm(_posted(request))
    done = _handle(
        request,
        form,
        lambda data: services.event_record(child=child, by=_user(request), **data),
        "Recorded",
        f"/children/{child.pk}/meetings/",
    )
    return done or _form_page(
        request, child, form, "Record a referral, visit, call or conference", back=f"/children/{child.pk}/meetings/"
    )


def tracker(request: HttpRequest) -> HttpResponse:
    """The weekly Going Home tracker meeting: its agenda from the five cohorts, printable as the
    meeting pack; recording it makes one meeting with every child on the agenda."""
    user = _user(request)
    if user.role not in RECORDING_ROLES:
        raise PermissionDenied("The tracker meeting is for practitioners and their managers")
    cohorts = selectors.tracker_cohorts(user=user)
    children = list({child.pk: child for cohort in cohorts for child, _ in cohort.rows}.values())
    form = TrackerMeetingForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        if not children:
            form.add_error(None, "There is no child on the agenda: no meeting to record")
        else:
            try:
                meeting = services.meeting_record(
                    by=user, meeting_type=MeetingType.TRACKER, chair=user, children=children, **form.cleaned_data
                )
            except ValidationError as error:
                _apply_errors(form, error)
            else:
                messages.success(request, "Tracker meeting recorded: record the outcome for each child")
                return redirect("meeting_detail", meeting_id=meeting.pk)
    return render(request, "meetings/tracker.html", {"cohorts": cohorts, "form": form, "count": len(children)})
