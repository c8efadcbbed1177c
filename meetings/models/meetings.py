"""Meetings, care planning, court hearings, family time and the handbook's events (SPEC 5 and 6)."""

import uuid
from typing import Any

from django.conf import settings
from django.db import models

from caseflow.models import AppendOnlyError, Child, NetworkPerson
from caseflow.models.history import tracked
from meetings.constants import CriteriaList, MeetingType


class Meeting(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    meeting_type = models.CharField("type", max_length=40, choices=MeetingType.choices)
    held_on = models.DateField("held on")
    chair = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    staff = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+", verbose_name="staff")
    network = models.ManyToManyField(
        NetworkPerson, blank=True, related_name="meetings", verbose_name="family and network"
    )
    children: "models.ManyToManyField[Child, MeetingChild]" = models.ManyToManyField(
        Child, through="MeetingChild", related_name="meetings"
    )
    family_attended = models.BooleanField("the family attended", default=True)
    no_family_reason = models.TextField("why the family did not attend", blank=True)
    decisions = models.TextField(blank=True)
    notes = models.TextField(blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    history = tracked()

    class Meta:
        ordering = ["-held_on"]
        indexes = [models.Index(fields=["meeting_type", "held_on"])]

    def __str__(self) -> str:
        return f"{self.get_meeting_type_display()} on {self.held_on:%-d %B %Y}"


class MeetingChild(models.Model):
    """A child discussed at a meeting, and the outcome for them (on the child's timeline)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="discussed")
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="meeting_records")
    outcome = models.TextField(blank=True)
    # The meeting's type and date, copied when the child is added (a recorded meeting's type and
    # date never change): deadline rules find a child's last meeting of a type in one index entry
    # instead of looking up every meeting the child was discussed at, many thousands of times a scan.
    meeting_type = models.CharField("type", max_length=40, choices=MeetingType.choices, blank=True, editable=False)
    held_on = models.DateField("held on", null=True, blank=True, editable=False)
    history = tracked()

    class Meta:
        verbose_name = "child discussed at a meeting"
        constraints = [models.UniqueConstraint(fields=["meeting", "child"], name="child_once_per_meeting")]
        indexes = [models.Index(fields=["child", "meeting_type", "held_on"], name="meeting_child_type_held")]

    def __str__(self) -> str:
        return str(self.meeting)

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self._state.adding:
            self.meeting_type, self.held_on = self.meeting.meeting_type, self.meeting.held_on
        super().save(*args, **kwargs)


class MeetingAction(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="actions")
    child = models.ForeignKey(Child, on_delete=models.PROTECT, null=True, blank=True, related_name="meeting_actions")
    description = models.TextField("action")
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="meeting_actions")
    due_on = models.DateField("due on")
    done_on = models.DateField("done on", null=True, blank=True)
    history = tracked()

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = "meeting action"

    def __str__(self) -> str:
        return self.description[:80]


class AgendaPoint(models.Model):
    """A care planning meeting's agenda point, discussed or not, with a note."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="agenda")
    key = models.CharField(max_length=40)
    discussed = models.BooleanField(default=False)
    note = models.TextField(blank=True)
    history = tracked()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["meeting", "key"], name="agenda_point_once")]

    def __str__(self) -> str:
        return self.key


class CarePlanningCriterion(models.Model):
    """One reason from the seed's lists that a child needs a care planning meeting (data, editable)."""

    criteria_list = models.CharField("list", max_length=20, choices=CriteriaList.choices)
    text = models.CharField(max_length=300)
    # A prospective Special Guardianship arrangement: the Fostering Assessment TM chairs.
    prospective_sgo = models.BooleanField("prospective SGO", default=False)
    is_active = models.BooleanField("in use", default=True)
    position = models.PositiveIntegerField(default=0)
    history = tracked()

    class Meta:
        ordering = ["criteria_list", "position"]
        verbose_name = "care planning criterion"
        verbose_name_plural = "care planning criteria"

    def __str__(self) -> str:
        return self.text


class ChildCriterion(models.Model):
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="care_planning_criteria")
    criterion = models.ForeignKey(CarePlanningCriterion, on_delete=models.PROTECT, related_name="+")
    noted_on = models.DateField("applies from")
    ended_on = models.DateField("no longer applies from", null=True, blank=True)
    noted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    history = tracked()

    class Meta:
        verbose_name = "care planning criterion for a child"

    def __str__(self) -> str:
        return str(self.criterion)


class CourtHearing(models.Model):
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="court_hearings")
    hearing_on = models.DateField("hearing date")
    is_final = models.BooleanField("final hearing", default=False)
    likely_contested = models.BooleanField("likely to be contested", default=False)
    note = models.TextField(blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    history = tracked()

    class Meta:
        ordering = ["hearing_on"]
        verbose_name = "court hearing"

    def __str__(self) -> str:
        final = "Final hearing" if self.is_final else "Hearing"
        return f"{final} on {self.hearing_on:%-d %B %Y}" + (" (likely contested)" if self.likely_contested else "")


class CareDecision(models.Model):
    """A care decision from a care planning meeting. Never edited; a correction is a new one."""

    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="care_decisions")
    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="care_decisions")
    decision = models.TextField()
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)
    history = tracked()

    class Meta:
        ordering = ["-recorded_at"]
        verbose_name = "care decision"

    def __str__(self) -> str:
        return self.decision[:80]

    def save(self, *args: object, **kwargs: object) -> None:
        if not self._state.adding:
            raise AppendOnlyError("A care decision is never edited: record a new one.")
        super().save(*args, **kwargs)  # type: ignore[arg-type]


class FamilyTimeSession(models.Model):
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="family_time")
    starts_at = models.DateTimeField("from")
    ends_at = models.DateTimeField("until")
    with_whom = models.ManyToManyField(NetworkPerson, blank=True, related_name="+", verbose_name="with")
    supervised = models.BooleanField(default=True)
    overnight = models.BooleanField(default=False)
    record_sheet = models.TextField("record sheet", blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    history = tracked()

    class Meta:
        ordering = ["-starts_at"]
        verbose_name = "family time session"

    def __str__(self) -> str:
        return f"Family time from {self.starts_at:%-d %B %Y %H:%M}"

    @property
    def hours(self) -> float:
        return (self.ends_at - self.starts_at).total_seconds() / 3600


class EventKind(models.TextChoices):
    """The handbook's events that start or meet a clock."""

    REFERRAL = "referral", "Referral received"
    FIRST_VISIT = "first_visit", "First visit to the family"
    ASSESSMENT_STARTED = "assessment_started", "Assessment started"
    ALLOCATED_FAMILY_WORKER = "allocated_family_worker", "Allocated to a family worker"
    CP_CONFERENCE_BOOKED = "cp_conference_booked", "Child protection conference booked"
    REPORTS_SHARED = "reports_shared", "Reports shared with the family"
    FAMILY_CALL = "family_call", "Call from the family"
    CALL_RETURNED = "call_returned", "Call returned"
    PERMANENCE_PLAN = "permanence_plan", "Permanence plan agreed"


class ChildEvent(models.Model):
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(max_length=40, choices=EventKind.choices)
    happened_at = models.DateTimeField("when")
    # For an assessment: the initial visit confirmed worries about the child's safety.
    safety_worries = models.BooleanField("the initial visit confirmed worries about safety", default=False)
    note = models.TextField(blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    history = tracked()

    class Meta:
        ordering = ["-happened_at"]
        verbose_name = "event"
        # The handbook's deadline rules ask "this child's first event of a kind since a date".
        indexes = [models.Index(fields=["child", "kind", "happened_at"], name="event_child_kind_when")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.happened_at:%-d %B %Y})"
