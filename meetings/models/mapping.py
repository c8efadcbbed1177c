"""Signs of Safety mapping: mappings, statements with their goals, scaling, safety plans, next steps."""

import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q

from caseflow.models import AppendOnlyError, Child, NetworkPerson
from caseflow.models.history import tracked
from meetings.wording import Framework

DOMAIN_LIMIT = 20_000  # characters per domain: a page or two of writing, not a pasted document


class WordingChoice(models.Model):
    """The child's framework when it is not the area-of-work default, and why."""

    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="wording_choices")
    framework = models.CharField(max_length=20, choices=Framework.choices)
    safeguarding_concerns = models.BooleanField("there are safeguarding concerns", default=False)
    reason = models.TextField()
    chosen_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    chosen_at = models.DateTimeField(auto_now_add=True)
    history = tracked()

    class Meta:
        ordering = ["-chosen_at"]
        verbose_name = "framework choice"

    def __str__(self) -> str:
        return self.get_framework_display()


class MappingStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    FINAL = "final", "Finalised"


class Mapping(models.Model):
    """A mapping of the seven analysis domains on a date. Once finalised it is never edited: a
    new mapping is recorded (it may start as a copy)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="mappings")
    mapped_on = models.DateField("mapped on")
    framework = models.CharField(max_length=20, choices=Framework.choices)
    harm = models.TextField(blank=True)
    danger = models.TextField(blank=True)
    complicating_factors = models.TextField("complicating factors", blank=True)
    existing_strengths = models.TextField("existing strengths", blank=True)
    existing_safety = models.TextField("existing safety", blank=True)
    goals = models.TextField(blank=True)
    next_steps = models.TextField("next steps", blank=True)
    status = models.CharField(max_length=10, choices=MappingStatus.choices, default=MappingStatus.DRAFT)
    copied_from = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    finalised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    finalised_at = models.DateTimeField(null=True, blank=True)
    history = tracked()

    class Meta:
        ordering = ["-mapped_on", "-finalised_at"]
        verbose_name = "Signs of Safety mapping"

    def __str__(self) -> str:
        return f"{self.get_framework_display()} mapping, {self.mapped_on:%-d %B %Y}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            stored = Mapping.objects.filter(pk=self.pk).values_list("status", flat=True).first()
            if stored == MappingStatus.FINAL:
                raise AppendOnlyError("A finalised mapping is never edited: record a new mapping.")
        super().save(*args, **kwargs)


class Statement(models.Model):
    """A danger (or worry) statement paired with its safety (wellbeing, success) goal, and the
    scaling question used about it. Copies in later mappings share the same thread."""

    mapping = models.ForeignKey(Mapping, on_delete=models.PROTECT, related_name="statements")
    thread = models.UUIDField(default=uuid.uuid4, db_index=True)
    worry = models.TextField("statement")
    goal = models.TextField(blank=True)
    zero_means = models.CharField("0 means", max_length=300)
    ten_means = models.CharField("10 means", max_length=300)
    history = tracked()

    class Meta:
        ordering = ["id"]
        verbose_name = "danger or worry statement"

    def __str__(self) -> str:
        return self.worry[:100]


class Score(models.Model):
    """A scaling score, 0 to 10, given by a named person on a date (at a meeting or a visit)."""

    statement = models.ForeignKey(Statement, on_delete=models.PROTECT, related_name="scores")
    scored_on = models.DateField("date")
    score = models.PositiveSmallIntegerField()
    by_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    by_person = models.ForeignKey(NetworkPerson, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    by_child = models.BooleanField("scored by the child", default=False)
    context = models.CharField("where", max_length=200, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    history = tracked()

    class Meta:
        ordering = ["scored_on", "id"]
        verbose_name = "scaling score"
        constraints = [
            models.CheckConstraint(condition=Q(score__gte=0, score__lte=10), name="score_from_0_to_10"),
            models.CheckConstraint(
                condition=(
                    Q(by_child=True, by_user__isnull=True, by_person__isnull=True)
                    | Q(by_child=False, by_user__isnull=False, by_person__isnull=True)
                    | Q(by_child=False, by_user__isnull=True, by_person__isnull=False)
                ),
                name="score_has_one_scorer",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.score}/10 by {self.scorer}"

    @property
    def scorer(self) -> str:
        if self.by_child:
            return "The child"
        return str(self.by_person or self.by_user)


class SafetyPlan(models.Model):
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="safety_plans")
    title = models.CharField(max_length=200, default="Safety plan")
    agreed_on = models.DateField("agreed on")
    closure_timeline = models.TextField("timeline to case closure", blank=True)
    # The handbook: with a Supervision Order in place, the plan is developed through one.
    family_network_meeting = models.ForeignKey(
        "meetings.Meeting",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="safety_plans",
        verbose_name="developed at the family network meeting",
    )
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    history = tracked()

    class Meta:
        ordering = ["-agreed_on"]
        verbose_name = "safety plan"

    def __str__(self) -> str:
        return f"{self.title} ({self.agreed_on:%-d %B %Y})"


class PlanRule(models.Model):
    plan = models.ForeignKey(SafetyPlan, on_delete=models.PROTECT, related_name="rules")
    rule = models.TextField()
    addresses = models.ManyToManyField(Statement, related_name="plan_rules", verbose_name="addresses")
    kept_by = models.ManyToManyField(NetworkPerson, related_name="plan_rules", verbose_name="kept by")
    history = tracked()

    class Meta:
        ordering = ["id"]
        verbose_name = "plan rule"

    def __str__(self) -> str:
        return self.rule[:100]


class PlanReview(models.Model):
    plan = models.ForeignKey(SafetyPlan, on_delete=models.PROTECT, related_name="reviews")
    reviewed_on = models.DateField("reviewed on")
    note = models.TextField(blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    history = tracked()

    class Meta:
        ordering = ["-reviewed_on"]
        verbose_name = "safety plan review"

    def __str__(self) -> str:
        return f"Review on {self.reviewed_on:%-d %B %Y}"


class NextStep(models.Model):
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="next_steps")
    mapping = models.ForeignKey(Mapping, on_delete=models.PROTECT, null=True, blank=True, related_name="steps")
    description = models.TextField("next step")
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="next_steps")
    due_on = models.DateField("by")
    done_on = models.DateField("done on", null=True, blank=True)
    history = tracked()

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = "next step"

    def __str__(self) -> str:
        return self.description[:100]
