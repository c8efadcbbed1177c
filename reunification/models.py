"""Reunification episodes: Decisions 1-3 and Risk Classifications 1-3 (SPEC section 4).

The step (`state`) changes only through the transitions below, each guarded by
`reunification.guards`, called only from `reunification.services`.
"""

import uuid
from datetime import date
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django_fsm import ConcurrentTransitionMixin, FSMField, transition

from caseflow.models import AppendOnlyError, Child, NetworkPerson
from caseflow.models.history import tracked
from reunification import catalogue, guards
from reunification.constants import (
    OPEN_STEPS,
    CheckResult,
    ClassificationKind,
    CpagDocument,
    DecisionKind,
    Outcome,
    RiskLevel,
    Step,
    VisitKind,
)


class AppendOnly(models.Model):
    """Written once: a correction is a new record that supersedes this one, and both are kept."""

    supersedes = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="superseded_by"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnlyError("This record is never edited: record a correction that supersedes it.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise AppendOnlyError("This record is never deleted.")


class ReunificationEpisode(ConcurrentTransitionMixin, models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="reunification_episodes")
    state = FSMField("step", default=Step.IDENTIFIED, choices=Step.choices, protected=True)
    state_entered_at = models.DateTimeField("at this step since")
    identified_on = models.DateField("identified as a candidate on")
    identified_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # Assessment planning meeting
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    chronologist = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    harbour_practitioner = models.CharField("Harbour Youth Practitioner", max_length=200, blank=True)
    assessment_timetable = models.TextField("timetable", blank=True)
    chronology_started_on = models.DateField("chronology started", null=True, blank=True)
    chronology_completed_on = models.DateField("chronology completed", null=True, blank=True)
    rha_started_on = models.DateField("Return Home Assessment started", null=True, blank=True)
    rha_due_on = models.DateField("Return Home Assessment due", null=True, blank=True)
    rha_completed_on = models.DateField("Return Home Assessment completed", null=True, blank=True)
    trusted_adult = models.ForeignKey(
        NetworkPerson, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="Trusted Adult"
    )
    # CPAG (Change of Placement and Allowance Group)
    cpag_on = models.DateField("CPAG panel date", null=True, blank=True)
    cpag_recommended = models.BooleanField("CPAG recommended the reunification plan", null=True, blank=True)
    cpag_documents = models.JSONField("documents presented at CPAG", default=list, blank=True)  # CpagDocument values
    pwp_regulations_met = models.BooleanField("Placement with Parents regulations adhered to", null=True, blank=True)
    # Return home and the end
    returned_home_on = models.DateField("returned home on", null=True, blank=True)
    outcome = models.TextField("outcome of the reunification activity", blank=True)
    ended_on = models.DateField("ended on", null=True, blank=True)
    history = tracked()

    class Meta:
        ordering = ["-identified_on"]
        verbose_name = "reunification episode"
        constraints = [
            models.UniqueConstraint(
                fields=["child"], condition=Q(state__in=OPEN_STEPS), name="one_open_reunification_per_child"
            ),
        ]

    def __str__(self) -> str:
        return "Reunification episode"

    @property
    def cpag_documents_missing(self) -> list[str]:
        """The documents CPAG needs that are not yet recorded as presented, in words."""
        presented = set(self.cpag_documents or [])
        return [label for value, label in CpagDocument.choices if value not in presented]

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STEPS

    # -- facts the guards read --

    def activity_done(self, key: str) -> bool:
        if not hasattr(self, "_activity_keys"):
            self._activity_keys = set(self.activities.values_list("key", flat=True))
        return key in self._activity_keys

    def current_decisions(self) -> list["ReunificationDecision"]:
        """Decisions not superseded, oldest first (cached per instance)."""
        if not hasattr(self, "_decisions"):
            self._decisions = list(
                self.decisions.filter(superseded_by__isnull=True).order_by("decided_on", "recorded_at")
            )
        return self._decisions

    def latest_decision(self, kind: str) -> "ReunificationDecision | None":
        matching = [decision for decision in self.current_decisions() if decision.kind == kind]
        return matching[-1] if matching else None

    def current_classifications(self) -> list["RiskClassification"]:
        if not hasattr(self, "_classifications"):
            self._classifications = list(
                self.classifications.filter(superseded_by__isnull=True).order_by("classified_on", "recorded_at")
            )
        return self._classifications

    def police_checks_missing(self) -> list[str]:
        from reunification import selectors

        return [person.name for person, check in selectors.police_checks(episode=self) if check is None]

    def goals_count(self) -> int:
        return self.goals.count()

    def forget_cached_facts(self) -> None:
        for name in ("_activity_keys", "_decisions", "_classifications"):
            self.__dict__.pop(name, None)

    # -- transitions: in-memory changes only; reunification.services saves them --

    def _entered(self) -> None:
        self.state_entered_at = timezone.now()

    @transition(field=state, source=Step.IDENTIFIED, target=Step.DECISION_1, conditions=guards.conditions("decision_1"))
    def submit_for_decision_1(self, *, by: Any) -> None:
        self._entered()

    @transition(field=state, source=Step.DECISION_1, target=Step.ASSESSMENT)
    def pursue(self, *, by: Any) -> None:
        self._entered()

    @transition(field=state, source=Step.DECISION_1, target=Step.NOT_PURSUED)
    def not_pursue(self, *, by: Any, on: date) -> None:
        self._entered()
        self.ended_on = on

    @transition(field=state, source=Step.ASSESSMENT, target=Step.DECISION_2, conditions=guards.conditions("decision_2"))
    def submit_for_decision_2(self, *, by: Any) -> None:
        self._entered()

    @transition(field=state, source=Step.DECISION_2, target=Step.PLANNING, conditions=guards.conditions("decision_2"))
    def progress(self, *, by: Any) -> None:
        self._entered()

    @transition(
        field=state, source=Step.DECISION_2, target=Step.NOT_PURSUED, conditions=guards.conditions("decision_2")
    )
    def not_progress(self, *, by: Any, on: date) -> None:
        self._entered()
        self.ended_on = on

    @transition(
        field=state,
        source=[Step.DECISION_2, Step.DECISION_3],
        target=Step.ALTERNATIVE_PERMANENCE,
        conditions=guards.conditions("alternative_permanence"),
    )
    def plan_alternative_permanence(self, *, by: Any, on: date) -> None:
        self._entered()
        self.ended_on = on

    @transition(
        field=state, source=Step.PLANNING, target=Step.IMPLEMENTATION, conditions=guards.conditions("implementation")
    )
    def start_implementation(self, *, by: Any) -> None:
        self._entered()

    @transition(
        field=state, source=Step.IMPLEMENTATION, target=Step.DECISION_3, conditions=guards.conditions("decision_3")
    )
    def submit_for_decision_3(self, *, by: Any) -> None:
        self._entered()

    @transition(
        field=state, source=Step.DECISION_3, target=Step.TRANSITION_HOME, conditions=guards.conditions("reunify")
    )
    def reunify(self, *, by: Any) -> None:
        self._entered()

    @transition(field=state, source=Step.DECISION_3, target=Step.IMPLEMENTATION)
    def continue_plan(self, *, by: Any) -> None:
        self._entered()

    @transition(
        field=state, source=Step.TRANSITION_HOME, target=Step.AT_HOME, conditions=guards.conditions("return_home")
    )
    def record_return_home(self, *, by: Any) -> None:
        self._entered()

    @transition(field=state, source=Step.AT_HOME, target=Step.CLOSED, conditions=guards.conditions("close"))
    def close(self, *, by: Any, on: date) -> None:
        self._entered()
        self.ended_on = on

    @transition(field=state, source=OPEN_STEPS, target=Step.EXITED)
    def exit(self, *, by: Any, on: date) -> None:
        self._entered()
        self.ended_on = on


class ActivityRecord(models.Model):
    """One dated record of a step from the seed (a visit, a meeting, a check)."""

    episode = models.ForeignKey(ReunificationEpisode, on_delete=models.PROTECT, related_name="activities")
    key = models.CharField("step", max_length=50, choices=catalogue.KEY_CHOICES)
    done_on = models.DateField("date")
    note = models.TextField(blank=True)
    # For a visit: announced or not, and whether the child was seen alone.
    visit = models.CharField("announced or unannounced", max_length=20, choices=VisitKind.choices, blank=True)
    seen_alone = models.BooleanField("the child was seen alone", null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    history = tracked()

    class Meta:
        ordering = ["-done_on", "-id"]
        verbose_name = "reunification activity"
        # The deadline rules ask "the first (or last) planning meeting, review or visit of this
        # episode since a date" for every open episode: one index entry each, not the episode's rows.
        indexes = [models.Index(fields=["episode", "key", "done_on"], name="activity_episode_key_done")]

    def __str__(self) -> str:
        label = catalogue.BY_KEY[self.key].label if self.key in catalogue.BY_KEY else self.key
        return f"{label} ({self.done_on:%-d %B %Y})"


class RiskClassification(AppendOnly):
    episode = models.ForeignKey(ReunificationEpisode, on_delete=models.PROTECT, related_name="classifications")
    kind = models.CharField(max_length=20, choices=ClassificationKind.choices)
    level = models.CharField("risk level", max_length=10, choices=RiskLevel.choices)
    classified_on = models.DateField("classified on")
    rationale = models.TextField("reasons")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    history = tracked()

    class Meta:
        ordering = ["-classified_on", "-recorded_at"]
        verbose_name = "risk classification"

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.get_level_display()}"


class ReunificationDecision(AppendOnly):
    """A decision by the role the seed names, with who, their role then, when and why."""

    episode = models.ForeignKey(ReunificationEpisode, on_delete=models.PROTECT, related_name="decisions")
    kind = models.CharField(max_length=30, choices=DecisionKind.choices)
    outcome = models.CharField(max_length=30, choices=Outcome.choices)
    risk_level = models.CharField("risk level", max_length=10, choices=RiskLevel.choices, blank=True)
    rationale = models.TextField("reasons")
    decided_on = models.DateField("decided on")
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_by_role = models.CharField("role", max_length=40)
    # Decision 3: a significant change of plan goes to CPAG.
    significant_change = models.BooleanField("significant change of plan (CPAG)", default=False)
    # A ratification names the Decision 3 it ratifies.
    responds_to = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="responses")
    history = tracked()

    class Meta:
        ordering = ["-decided_on", "-recorded_at"]
        verbose_name = "reunification decision"

    def __str__(self) -> str:
        level = f" ({self.get_risk_level_display()} risk)" if self.risk_level else ""
        return f"{self.get_kind_display()}: {self.get_outcome_display()}{level}"

    @property
    def is_ratified(self) -> bool:
        return any(r.outcome == Outcome.RATIFIED for r in self.responses.filter(superseded_by__isnull=True))


class PoliceCheck(models.Model):
    episode = models.ForeignKey(ReunificationEpisode, on_delete=models.PROTECT, related_name="police_checks")
    person = models.ForeignKey(NetworkPerson, on_delete=models.PROTECT, related_name="police_checks")
    checked_on = models.DateField("checked on")
    result = models.CharField(max_length=30, choices=CheckResult.choices)
    note = models.TextField(blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    history = tracked()

    class Meta:
        verbose_name = "police check"
        constraints = [models.UniqueConstraint(fields=["episode", "person"], name="one_police_check_per_person")]

    def __str__(self) -> str:
        return f"Police check: {self.person.name}"


class ParentalGoal(models.Model):
    """A SMART goal of the parental agreement: what must change, how it is evidenced, by when."""

    episode = models.ForeignKey(ReunificationEpisode, on_delete=models.PROTECT, related_name="goals")
    what_must_change = models.TextField("what must change")
    evidence = models.TextField("how it will be evidenced")
    by_when = models.DateField("by when")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    history = tracked()

    class Meta:
        ordering = ["by_when", "id"]
        verbose_name = "parental agreement goal"

    def __str__(self) -> str:
        return self.what_must_change[:80]


class GoalProgress(models.Model):
    goal = models.ForeignKey(ParentalGoal, on_delete=models.PROTECT, related_name="progress")
    recorded_on = models.DateField("date")
    progress = models.TextField("progress")
    on_track = models.BooleanField("on track", default=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    history = tracked()

    class Meta:
        ordering = ["-recorded_on", "-id"]
        verbose_name = "progress on a goal"

    def __str__(self) -> str:
        return f"Progress on {self.recorded_on:%-d %B %Y}"
