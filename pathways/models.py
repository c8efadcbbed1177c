"""Going Home & Lifelong Links pathway episodes (SPEC section 3).

The stage (`state`) changes only through the transitions below, each guarded by
`pathways.guards`, and only the services in `pathways.services` call them.
"""

import uuid
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django_fsm import ConcurrentTransitionMixin, FSMField, transition
from simple_history.signals import pre_create_historical_record

from caseflow.models import AppendOnlyError, Child
from caseflow.models.history import tracked
from pathways import catalogue, guards
from pathways.constants import (
    LIVING_AWAY_STAGES,
    OPEN_STAGES,
    ActionStatus,
    AgreementKind,
    AgreementOutcome,
    LegalRoute,
    PlanReviewMeeting,
    PlanTimeframe,
    RequestStatus,
    Route,
    Stage,
    Transition,
)


class EpisodeHistory(models.Model):
    """What a pathway episode's history row keeps besides the episode: the stage before it, so a
    move between stages is one row to count (the dashboard's trends), not a look back per row."""

    previous_state = models.CharField("stage before", max_length=30, blank=True, default="", editable=False)

    class Meta:
        abstract = True


class PathwayEpisode(ConcurrentTransitionMixin, models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="pathway_episodes")
    state = FSMField("stage", default=Stage.STAGE_1, choices=Stage.choices, protected=True)
    activated_at = models.DateTimeField("started living away from home")
    state_entered_at = models.DateTimeField("in this stage since")
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    route = models.CharField("route confirmed with the family", max_length=20, choices=Route.choices, blank=True)
    planned_return_date = models.DateField("planned return date", null=True, blank=True)
    proceedings_concluded_on = models.DateField("care proceedings concluded on", null=True, blank=True)
    placement_settled = models.BooleanField("placement settled", default=False)
    returned_home_on = models.DateField("returned home on", null=True, blank=True)
    unplanned_return = models.BooleanField("unplanned return home", default=False)
    legal_route = models.CharField("legal route at home", max_length=30, choices=LegalRoute.choices, blank=True)
    ended_on = models.DateField("pathway ended on", null=True, blank=True)
    history = tracked(bases=(EpisodeHistory,))

    class Meta:
        ordering = ["-activated_at"]
        verbose_name = "Going Home pathway episode"
        constraints = [
            models.UniqueConstraint(
                fields=["child"], condition=Q(state__in=OPEN_STAGES), name="one_open_pathway_episode_per_child"
            ),
        ]

    def __str__(self) -> str:
        return "Going Home pathway"

    # -- facts the guards read (cached per instance: one query each per page) --

    def action_statuses(self) -> dict[str, str]:
        if not hasattr(self, "_action_statuses"):
            self._action_statuses = dict(self.actions.values_list("key", "status"))
        return self._action_statuses

    def transfer_checklist_outstanding(self) -> int:
        done = self.transfer_checklist.values("item_id")
        return TransferChecklistItem.objects.filter(is_active=True).exclude(id__in=done).count()

    def has_going_home_plan(self) -> bool:
        return GoingHomePlan.objects.filter(episode=self).exclude(plan_text="").exists()

    def latest_agreement(self, kind: str) -> "EpisodeAgreement | None":
        return self.agreements.filter(kind=kind, superseded_by__isnull=True).order_by("-recorded_at").first()

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STAGES

    def days_in_stage(self, now: datetime | None = None) -> int:
        # Calendar days, as the date shown beside it reads: the same all day, so a child page
        # built this morning (cached for the day) still says it this afternoon.
        return (timezone.localdate(now) - timezone.localdate(self.state_entered_at)).days

    # -- transitions: in-memory changes only; pathways.services saves them --

    def _entered(self) -> None:
        self.state_entered_at = timezone.now()

    @transition(
        field=state, source=Stage.STAGE_1, target=Stage.STAGE_1_BYF, conditions=guards.conditions("transfer_to_byf")
    )
    def transfer_to_byf(self, *, by: Any) -> None:
        self._entered()

    @transition(
        field=state, source=Stage.STAGE_1, target=Stage.STAGE_2, conditions=guards.conditions("agree_going_home")
    )
    def agree_going_home(self, *, by: Any) -> None:
        self._entered()

    @transition(
        field=state,
        source=Stage.STAGE_1_BYF,
        target=Stage.STAGE_2,
        conditions=guards.conditions("agree_going_home_from_byf"),
    )
    def agree_going_home_from_byf(self, *, by: Any) -> None:
        self._entered()

    @transition(
        field=state,
        source=Stage.STAGE_2,
        target=Stage.STAGE_2_FINAL_60_DAYS,
        conditions=guards.conditions("start_final_60_days"),
    )
    def start_final_60_days(self, *, by: Any) -> None:
        self._entered()

    @transition(
        field=state,
        source=Stage.STAGE_2_FINAL_60_DAYS,
        target=Stage.STAGE_3,
        conditions=guards.conditions("return_home"),
    )
    def return_home(self, *, by: Any) -> None:
        self._entered()

    @transition(field=state, source=Stage.STAGE_3, target=Stage.CLOSURE, conditions=guards.conditions("start_closure"))
    def start_closure(self, *, by: Any) -> None:
        self._entered()

    @transition(field=state, source=Stage.CLOSURE, target=Stage.CLOSED, conditions=guards.conditions("close"))
    def close(self, *, by: Any) -> None:
        self._entered()
        self.ended_on = timezone.localdate()

    @transition(field=state, source=OPEN_STAGES, target=Stage.EXITED)
    def exit(self, *, by: Any, on: date) -> None:
        self._entered()
        self.ended_on = on

    @transition(field=state, source=LIVING_AWAY_STAGES, target=Stage.STAGE_3)
    def record_unplanned_return(self, *, by: Any, on: date) -> None:
        """Never blocked: the record must match reality. Missing agreements become exceptions."""
        self._entered()
        self.unplanned_return = True
        self.returned_home_on = on


class PathwayAction(models.Model):
    """One action from the flowchart, recorded for an episode: done, or not applicable with a reason."""

    episode = models.ForeignKey(PathwayEpisode, on_delete=models.PROTECT, related_name="actions")
    key = models.CharField("action", max_length=50, choices=catalogue.KEY_CHOICES)
    status = models.CharField(max_length=20, choices=ActionStatus.choices)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="done by",
    )
    done_on = models.DateField("done on", null=True, blank=True)
    outcome = models.TextField(blank=True)
    note = models.TextField(blank=True)
    not_applicable_reason = models.TextField("why it does not apply", blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now=True)
    history = tracked()

    class Meta:
        verbose_name = "pathway action"
        constraints = [models.UniqueConstraint(fields=["episode", "key"], name="one_record_per_pathway_action")]

    def __str__(self) -> str:
        return catalogue.BY_KEY[self.key].label if self.key in catalogue.BY_KEY else self.key


class GoingHomePlan(models.Model):
    episode = models.OneToOneField(PathwayEpisode, on_delete=models.PROTECT, related_name="going_home_plan")
    timeframe = models.CharField("target timeframe", max_length=30, choices=PlanTimeframe.choices)
    plan_text = models.TextField("the plan")
    shared_on = models.DateField("shared on", null=True, blank=True)
    shared_with = models.TextField("shared with", blank=True)
    history = tracked()

    class Meta:
        verbose_name = "Going Home plan"

    def __str__(self) -> str:
        return f"Going Home plan ({self.get_timeframe_display()})"


class GoingHomePlanReview(models.Model):
    plan = models.ForeignKey(GoingHomePlan, on_delete=models.PROTECT, related_name="reviews")
    meeting = models.CharField("reviewed in", max_length=30, choices=PlanReviewMeeting.choices)
    reviewed_on = models.DateField("reviewed on")
    note = models.TextField(blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    history = tracked()

    class Meta:
        ordering = ["-reviewed_on"]
        verbose_name = "Going Home plan review"

    def __str__(self) -> str:
        return f"{self.get_meeting_display()} on {self.reviewed_on:%-d %B %Y}"


class TransferChecklistItem(models.Model):
    """An item of the transfer checklist to Building Your Futures; administrators edit the list."""

    text = models.CharField(max_length=300)
    position = models.PositiveIntegerField(default=0)
    is_active = models.BooleanField("in use", default=True)
    history = tracked()

    class Meta:
        ordering = ["position", "id"]
        verbose_name = "transfer checklist item"

    def __str__(self) -> str:
        return self.text


class TransferChecklistCompletion(models.Model):
    episode = models.ForeignKey(PathwayEpisode, on_delete=models.PROTECT, related_name="transfer_checklist")
    item = models.ForeignKey(TransferChecklistItem, on_delete=models.PROTECT, related_name="+")
    completed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    completed_on = models.DateField("completed on")
    note = models.TextField(blank=True)
    history = tracked()

    class Meta:
        verbose_name = "transfer checklist item completed"
        constraints = [models.UniqueConstraint(fields=["episode", "item"], name="one_completion_per_checklist_item")]

    def __str__(self) -> str:
        return str(self.item)


class TransitionRequest(models.Model):
    """A social worker's request for a stage change, and the team manager's decision on it.

    The decision is written once: a decided request is never changed again (save refuses).
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    episode = models.ForeignKey(PathwayEpisode, on_delete=models.PROTECT, related_name="requests")
    transition = models.CharField(max_length=40, choices=Transition.choices)
    reason = models.TextField("why")
    effective_on = models.DateField("date", null=True, blank=True)
    # Empty when the request was proposed by the 60-day check rather than a person.
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=20, choices=RequestStatus.choices, default=RequestStatus.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_reason = models.TextField("reason for the decision", blank=True)
    history = tracked()

    class Meta:
        ordering = ["-requested_at"]
        verbose_name = "stage change request"
        constraints = [
            models.UniqueConstraint(
                fields=["episode", "transition"],
                condition=Q(status=RequestStatus.PENDING),
                name="one_pending_request_per_transition",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_transition_display()} ({self.get_status_display().lower()})"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            stored = TransitionRequest.objects.filter(pk=self.pk).values_list("status", flat=True).first()
            if stored is not None and stored != RequestStatus.PENDING:
                raise AppendOnlyError("A decided request is never changed: record a new request instead.")
        super().save(*args, **kwargs)


class EpisodeAgreement(models.Model):
    """A manager's recorded agreement (or explanation). Never edited: a correction supersedes it."""

    episode = models.ForeignKey(PathwayEpisode, on_delete=models.PROTECT, related_name="agreements")
    kind = models.CharField(max_length=30, choices=AgreementKind.choices)
    outcome = models.CharField(max_length=20, choices=AgreementOutcome.choices)
    rationale = models.TextField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)
    supersedes = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="superseded_by"
    )
    history = tracked()

    class Meta:
        ordering = ["-recorded_at"]
        verbose_name = "agreement"

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.get_outcome_display()}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnlyError("An agreement is never edited: record a new one that supersedes it.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise AppendOnlyError("An agreement is never deleted.")


def _record_previous_stage(sender: Any, *, instance: PathwayEpisode, history_instance: Any, **kwargs: Any) -> None:
    last = sender.objects.filter(id=instance.pk).order_by("-history_date", "-history_id").values_list("state")[:1]
    history_instance.previous_state = next((state for (state,) in last), "")


pre_create_historical_record.connect(
    _record_previous_stage, sender=PathwayEpisode.history.model, dispatch_uid="pathway_previous_stage"
)
