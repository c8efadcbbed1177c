"""Deadlines and notifications: waiving a deadline, reading notifications."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from caseflow import forms as core_forms
from caseflow import selectors
from caseflow.deadlines import scan
from caseflow.deadlines import selectors as deadline_selectors
from caseflow.models import Notification, User


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def deadline_waive(request: HttpRequest, deadline_id: int) -> HttpResponse:
    user = _user(request)
    deadline = deadline_selectors.deadline_get_for_user(user=user, deadline_id=deadline_id)
    if not user.has_perm("caseflow.waive_deadline", deadline):
        raise PermissionDenied("Only a team manager of the child's team can waive a deadline")
    form = core_forms.WaiveForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            scan.deadline_waive(deadline=deadline, by=user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, "Deadline waived")
            return redirect("child_detail", child_id=deadline.child_id)
    child = selectors.child_get_for_user(user=user, child_id=deadline.child_id)
    return render(
        request,
        "caseflow/child_record_form.html",
        {
            "form": form,
            "child": child,
            "title": f"Waive: {deadline_selectors.label(deadline.kind)}",
            "today": timezone.localdate(),
        },
    )


def notification_list(request: HttpRequest) -> HttpResponse:
    notifications = Notification.objects.filter(recipient=_user(request)).order_by("-created_at")
    page = Paginator(notifications, 50).get_page(request.GET.get("page"))
    return render(request, "caseflow/notifications.html", {"page": page, "query": ""})


@require_POST
def notifications_read(request: HttpRequest) -> HttpResponse:
    Notification.objects.filter(recipient=_user(request), read_at__isnull=True).update(read_at=timezone.now())
    messages.success(request, "All notifications marked as read")
    return redirect("notification_list")
