from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from caseflow import my_work, selectors
from caseflow.models import User


def home(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    children = list(selectors.children_allocated_to(user=user)[:50])
    return render(
        request,
        "caseflow/home.html",
        {"children": children, "sections": my_work.sections_for(user=user), "today": timezone.localdate()},
    )
