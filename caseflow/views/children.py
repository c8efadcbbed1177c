"""Children: list, page, add and edit. Thin: selectors read, services write."""

import hashlib
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from caseflow import child_page, selectors, services, timeline
from caseflow.constants import LegalStatus
from caseflow.forms import ChildCreateForm, ChildForm, LegalStatusForm, NetworkPersonForm, PlacementForm
from caseflow.models import Child, NetworkPerson, User

PAGE_SIZE = 25
SORT_COLUMNS = [
    ("name", "Name"),
    ("dob", "Date of birth"),
    ("reference", "Local reference"),
    ("team", "Team"),
    ("worker", "Allocated social worker"),
]


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _client_address(request: HttpRequest) -> str | None:
    return request.META.get("REMOTE_ADDR")


def _child_for_recording(request: HttpRequest, child_id: UUID) -> Child:
    """The child if visible (else 404) and the user may record for them (else 403)."""
    child = selectors.child_get_for_user(user=_user(request), child_id=child_id)
    if not request.user.has_perm("caseflow.change_child", child):
        raise PermissionDenied("Your role cannot change this child's records")
    return child


def child_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    teams = list(selectors.teams_visible_to(user=user))
    workers = selectors.worker_options(user=user)
    params = request.GET
    team = next((t for t in teams if str(t.pk) == params.get("team")), None)
    worker = next((int(value) for value, _ in workers if value == params.get("worker")), None)
    legal_status = params.get("legal_status", "") if params.get("legal_status") in LegalStatus.values else ""
    sort = params.get("sort", "name") if params.get("sort") in selectors.SORTS else "name"
    descending = params.get("order") == "desc"
    search = params.get("q", "")[:200]
    children = selectors.child_list_for_user(
        user=user,
        search=search,
        team=team,
        legal_status=legal_status,
        allocated_worker=worker,
        sort=sort,
        descending=descending,
    )
    page = Paginator(children.only("pk"), PAGE_SIZE).get_page(params.get("page"))
    page.object_list = selectors.with_current_status(page.object_list)
    query = params.copy()
    query.pop("page", None)
    return render(
        request,
        "caseflow/child_list.html",
        {
            "page": page,
            "search": search,
            "teams": teams,
            "workers": workers,
            "legal_statuses": LegalStatus.choices,
            "selected": {"team": team, "worker": str(worker or ""), "legal_status": legal_status},
            "sort": sort,
            "descending": descending,
            "sort_columns": SORT_COLUMNS,
            "query": query.urlencode(),
            "filtered": bool(search or team or worker or legal_status),
            "today": timezone.localdate(),
        },
    )


def child_detail(request: HttpRequest, child_id: UUID) -> HttpResponse:
    user = _user(request)
    child = selectors.child_get_for_page(user=user, child_id=child_id)
    services.child_access_record(child=child, user=user, ip_address=_client_address(request), path=request.path)
    today = timezone.localdate()
    viewer = child_page.Viewer.of(user, child)
    return render(
        request,
        "caseflow/child_detail.html",
        {
            "child": child,
            "today": today,
            "page": child_page.child_page_parts(child=child, viewer=viewer, today=today),
        },
    )


def child_history(request: HttpRequest, child_id: UUID) -> HttpResponse:
    user = _user(request)
    child = selectors.child_get_for_user(user=user, child_id=child_id)
    services.child_access_record(child=child, user=user, ip_address=_client_address(request), path=request.path)
    try:
        page_number = max(1, int(request.GET.get("page", "1")))
    except ValueError:
        page_number = 1
    per_page = 50
    entries, has_more = timeline.child_timeline(child=child, offset=(page_number - 1) * per_page, limit=per_page)
    return render(
        request,
        "caseflow/child_history.html",
        {
            "child": child,
            "today": timezone.localdate(),
            "entries": entries,
            "page_number": page_number,
            "has_more": has_more,
        },
    )


def child_as_it_was(request: HttpRequest, child_id: UUID) -> HttpResponse:
    """The child's record as it stood on a past date (SPEC section 10), from the history tables."""
    user = _user(request)
    child = selectors.child_get_for_user(user=user, child_id=child_id)
    services.child_access_record(child=child, user=user, ip_address=_client_address(request), path=request.path)
    today = timezone.localdate()
    asked = request.GET.get("on", "").strip()[:40]
    on = selectors.parse_search_date(asked) if asked else None
    error = ""
    if asked and on is None:
        error = "Enter a real date, like 27/03/2026"
    elif on is not None and on > today:
        error, on = "The date must be today or in the past", None
    return render(
        request,
        "caseflow/child_as_it_was.html",
        {
            "child": child,
            "today": today,
            "asked": asked,
            "error": error,
            "record": selectors.child_as_it_was(child=child, on=on) if on else None,
        },
    )


def _apply_errors(form: Any, error: ValidationError) -> None:
    for name, errors in error.message_dict.items():
        form.add_error(name if name in form.fields else None, errors)


def _seen_duplicates_token(data: dict[str, Any]) -> str:
    seen = f"{data['date_of_birth']}|{data['given_names'].casefold()}|{data['family_name'].casefold()}"
    return hashlib.sha256(seen.encode()).hexdigest()[:20]


def child_create(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if not user.has_perm("caseflow.add_child"):
        raise PermissionDenied("Your role cannot add children")
    form = ChildCreateForm(request.POST if request.method == "POST" else None, user=user)
    duplicates: list[selectors.PossibleDuplicate] = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        duplicates = selectors.possible_duplicates(
            user=user,
            given_names=data["given_names"],
            family_name=data["family_name"],
            date_of_birth=data["date_of_birth"],
        )
        if not duplicates or data["confirm_new"] == _seen_duplicates_token(data):
            fields = {name: data[name] for name in ChildForm.Meta.fields}
            try:
                child = services.child_create(
                    by=user,
                    fields=fields,
                    legal_status=data["legal_status"],
                    legal_status_since=data["legal_status_since"],
                )
            except ValidationError as error:
                _apply_errors(form, error)
            else:
                messages.success(request, f"{child.full_name} has been added")
                return redirect("child_detail", child_id=child.pk)
        # The user has now seen these possible duplicates: saving the same name and date of birth
        # again means 'a different child'. Changing either shows the check again.
        shown = request.POST.copy()
        shown["confirm_new"] = _seen_duplicates_token(data)
        form.data = shown
    return render(request, "caseflow/child_form.html", {"form": form, "duplicates": duplicates, "creating": True})


def child_edit(request: HttpRequest, child_id: UUID) -> HttpResponse:
    user = _user(request)
    child = _child_for_recording(request, child_id)
    form = ChildForm(request.POST if request.method == "POST" else None, instance=child, user=user)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in ChildForm.Meta.fields}
        try:
            services.child_update(child=child, by=user, fields=fields)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, f"{child.full_name}'s record has been saved")
            if not selectors.children_visible_to(user=user).filter(pk=child.pk).exists():
                messages.info(request, f"{child.full_name} is now with {child.team}, outside your caseload")
                return redirect("child_list")
            return redirect("child_detail", child_id=child.pk)
    return render(request, "caseflow/child_form.html", {"form": form, "child": child, "creating": False})


def _period_view(request: HttpRequest, child_id: UUID, *, form_class: Any, record: Any, title: str) -> HttpResponse:
    user = _user(request)
    child = _child_for_recording(request, child_id)
    form = form_class(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            record(child=child, by=user, **form.cleaned_data)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, f"{title} recorded for {child.full_name}")
            return redirect("child_detail", child_id=child.pk)
    return render(
        request,
        "caseflow/child_record_form.html",
        {"form": form, "child": child, "title": title, "today": timezone.localdate()},
    )


def legal_status_create(request: HttpRequest, child_id: UUID) -> HttpResponse:
    return _period_view(
        request, child_id, form_class=LegalStatusForm, record=services.legal_status_record, title="Legal status change"
    )


def placement_create(request: HttpRequest, child_id: UUID) -> HttpResponse:
    return _period_view(
        request, child_id, form_class=PlacementForm, record=services.placement_record, title="Placement change"
    )


def network_person_edit(request: HttpRequest, child_id: UUID, person_id: int | None = None) -> HttpResponse:
    user = _user(request)
    child = _child_for_recording(request, child_id)
    person = get_object_or_404(NetworkPerson, pk=person_id, child=child) if person_id else NetworkPerson(child=child)
    form = NetworkPersonForm(request.POST if request.method == "POST" else None, instance=person)
    if request.method == "POST" and form.is_valid():
        try:
            services.network_person_save(person=form.instance, by=user)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, f"{person.name} saved in {child.full_name}'s network")
            return redirect("child_detail", child_id=child.pk)
    title = f"Edit {person.name}" if person_id else "Add someone to the network"
    return render(
        request,
        "caseflow/child_record_form.html",
        {"form": form, "child": child, "title": title, "today": timezone.localdate()},
    )
