"""Meetings for tests, recorded through the real service."""

from datetime import date
from typing import Any

from django.utils import timezone

from caseflow.models import Child, User
from meetings import services
from meetings.models import Meeting


def meeting_held(
    meeting_type: str, *, child: Child, by: User, chair: User | None = None, held_on: date | None = None, **extra: Any
) -> Meeting:
    return services.meeting_record(
        by=by, meeting_type=meeting_type, held_on=held_on or timezone.localdate(), chair=chair or by,
        children=[child], **extra,
    )  # fmt: skip
