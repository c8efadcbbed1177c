"""Every change to Signs of Safety mappings, scaling, safety plans and next steps."""

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from caseflow.constants import LegalStatus
from caseflow.models import Child, NetworkPerson, User
from meetings import mapping_selectors as selectors
from meetings.models import (
    Mapping,
    MappingStatus,
    Meeting,
    NextStep,
    PlanReview,
    PlanRule,
    SafetyPlan,
    Score,
    Statement,
    WordingChoice,
)
from meetings.models.mapping import DOMAIN_LIMIT
from meetings.wording import DOMAINS, WORDING, Framework, allowed


def _require(user: User, child: Child) -> None:
    if not user.has_perm("caseflow.change_child", child):
        raise PermissionDenied(f"{user} may not record for this child")


def _save(instance: Any, *, by: User, reason: str) -> None:
    instance._history_user = by
    instance._change_reason = reason
    instance.save()


def _happened(day: date | None, label: str, field: str) -> None:
    if day is not None and day > timezone.localdate():
        raise ValidationError({field: f"{label} cannot be in the future"})


@transaction.atomic
def wording_choose(
    *, child: Child, by: User, framework: str, safeguarding_concerns: bool, reason: str
) -> WordingChoice:
    _require(by, child)
    if not reason.strip():
        raise ValidationError({"reason": "Say why the framework changes"})
    options = allowed(
        area_of_work=child.area_of_work,
        legal_status=selectors.legal_status(child),
        safeguarding=safeguarding_concerns,
    )
    if framework not in options:
        words = ", ".join(option.label for option in options)
        raise ValidationError({"framework": f"For this child the handbook allows: {words}"})
    choice = WordingChoice(
        child=child, framework=framework, safeguarding_concerns=safeguarding_concerns, reason=reason, chosen_by=by
    )
    _save(choice, by=by, reason="Framework chosen")
    return choice


@transaction.atomic
def mapping_start(*, child: Child, by: User, mapped_on: date, copy_last: bool) -> Mapping:
    """A new draft mapping in the child's framework; it may start as a copy of the last one."""
    _require(by, child)
    _happened(mapped_on, "The mapping date", "mapped_on")
    if mapped_on < child.date_of_birth:
        raise ValidationError({"mapped_on": "The mapping cannot be before the child was born"})
    framework, _ = selectors.current_framework(child)
    mapping = Mapping(child=child, mapped_on=mapped_on, framework=framework, recorded_by=by)
    last = selectors.latest_mapping(child) if copy_last else None
    if last is not None:
        for domain in DOMAINS:
            setattr(mapping, domain, getattr(last, domain))
        mapping.copied_from = last
    _save(mapping, by=by, reason="Mapping started" if last is None else "Mapping started as a copy of the last one")
    if last is not None:
        for statement in last.statements.all():
            _save(
                Statement(
                    mapping=mapping,
                    thread=statement.thread,
                    worry=statement.worry,
                    goal=statement.goal,
                    zero_means=statement.zero_means,
                    ten_means=statement.ten_means,
                ),
                by=by,
                reason="Statement carried over",
            )
    return mapping


def _draft(mapping: Mapping) -> None:
    if mapping.status == MappingStatus.FINAL:
        raise ValidationError("This mapping is finalised and is not edited: start a new mapping (it can be a copy)")


def _limit(fields: dict[str, Any], mapping: Mapping) -> None:
    wording = WORDING[Framework(mapping.framework)]
    for domain in DOMAINS:
        text = fields.get(domain) or ""
        if len(text) > DOMAIN_LIMIT:
            raise ValidationError(
                {
                    domain: f"{wording.heading(domain)} must be {DOMAIN_LIMIT:,} characters or fewer "
                    f"(it has {len(text):,}): keep the analysis here and attach longer documents elsewhere"
                }
            )


@transaction.atomic
def mapping_update(*, mapping: Mapping, by: User, fields: dict[str, Any]) -> Mapping:
    _require(by, mapping.child)
    mapping = Mapping.objects.select_for_update().get(pk=mapping.pk)
    _draft(mapping)
    _limit(fields, mapping)
    for domain in DOMAINS:
        if domain in fields:
            setattr(mapping, domain, fields[domain])
    _save(mapping, by=by, reason="Mapping updated")
    return mapping


@transaction.atomic
def statement_save(
    *,
    mapping: Mapping,
    by: User,
    worry: str,
    goal: str,
    zero_means: str,
    ten_means: str,
    statement: Statement | None = None,
) -> Statement:
    _require(by, mapping.child)
    _draft(mapping)
    if not worry.strip():
        raise ValidationError({"worry": "Enter the statement"})
    for name, text, label in (("worry", worry, "The statement"), ("goal", goal, "The goal")):
        if len(text) > DOMAIN_LIMIT:
            raise ValidationError(
                {name: f"{label} must be {DOMAIN_LIMIT:,} characters or fewer (it has {len(text):,}): keep it short"}
            )
    if not zero_means.strip() or not ten_means.strip():
        raise ValidationError({"zero_means": "Say what 0 and 10 mean for the scaling question"})
    statement = statement or Statement(mapping=mapping)
    statement.worry, statement.goal, statement.zero_means, statement.ten_means = worry, goal, zero_means, ten_means
    _save(statement, by=by, reason="Statement recorded")
    return statement


@transaction.atomic
def mapping_finalise(*, mapping: Mapping, by: User) -> Mapping:
    """A statement without its goal cannot be finalised."""
    _require(by, mapping.child)
    mapping = Mapping.objects.select_for_update().get(pk=mapping.pk)
    _draft(mapping)
    wording = WORDING[Framework(mapping.framework)]
    missing = [s.worry[:80] for s in mapping.statements.all() if not s.goal.strip()]
    if missing:
        raise ValidationError(
            [
                f"Each {wording.statement.lower()} needs its {wording.goal.lower()} before the mapping is finalised:",
                *missing,
            ]
        )
    mapping.status = MappingStatus.FINAL
    mapping.finalised_by, mapping.finalised_at = by, timezone.now()
    _save(mapping, by=by, reason="Mapping finalised")
    return mapping


@transaction.atomic
def score_record(
    *, statement: Statement, by: User, scored_on: date, score: int | None, scorer: str, context: str = ""
) -> Score:
    """`scorer` is 'child', 'user:<id>' or 'person:<id>': a named person in the network, or a user."""
    child = statement.mapping.child
    _require(by, child)
    if score is None or not 0 <= score <= 10:
        raise ValidationError({"score": "Enter a whole number from 0 to 10"})
    _happened(scored_on, "The date of the score", "scored_on")
    entry = Score(statement=statement, scored_on=scored_on, score=score, context=context, recorded_by=by)
    kind, _, key = scorer.partition(":")
    if kind == "child":
        entry.by_child = True
    elif kind == "person":
        entry.by_person = NetworkPerson.objects.filter(pk=key, child=child).first() if key.isdigit() else None
        if entry.by_person is None:
            raise ValidationError({"scorer": "Choose someone from the child's network"})
    elif kind == "user":
        entry.by_user = User.objects.filter(pk=key, is_active=True).first() if key.isdigit() else None
        if entry.by_user is None:
            raise ValidationError({"scorer": "Choose who gave the score"})
    else:
        raise ValidationError({"scorer": "Choose who gave the score"})
    _save(entry, by=by, reason="Scaling score recorded")
    return entry


@transaction.atomic
def safety_plan_create(
    *,
    child: Child,
    by: User,
    title: str,
    agreed_on: date,
    closure_timeline: str = "",
    family_network_meeting: Meeting | None = None,
) -> SafetyPlan:
    """With a Supervision Order in place the plan is developed through a family network meeting
    (the handbook), which must be one held about this child."""
    _require(by, child)
    _happened(agreed_on, "The date the plan was agreed", "agreed_on")
    meeting = family_network_meeting
    if meeting is not None and meeting not in selectors.family_network_meetings(child):
        raise ValidationError({"family_network_meeting": "Choose a family network meeting held about this child"})
    if meeting is None and selectors.legal_status(child) == LegalStatus.SUPERVISION_ORDER:
        raise ValidationError(
            {
                "family_network_meeting": "With a Supervision Order in place, the safety plan is developed through "
                "a family network meeting: record the meeting first, then choose it here"
            }
        )
    plan = SafetyPlan(
        child=child,
        title=title or "Safety plan",
        agreed_on=agreed_on,
        closure_timeline=closure_timeline,
        family_network_meeting=meeting,
        recorded_by=by,
    )
    _save(plan, by=by, reason="Safety plan agreed")
    return plan


@transaction.atomic
def plan_rule_add(
    *, plan: SafetyPlan, by: User, rule: str, addresses: list[Statement], kept_by: list[NetworkPerson]
) -> PlanRule:
    _require(by, plan.child)
    if not rule.strip():
        raise ValidationError({"rule": "Enter the plan rule"})
    if any(s.mapping.child_id != plan.child_id for s in addresses):
        raise ValidationError({"addresses": "Choose statements about this child"})
    if any(p.child_id != plan.child_id for p in kept_by):
        raise ValidationError({"kept_by": "Choose people from the child's network"})
    plan_rule = PlanRule(plan=plan, rule=rule)
    _save(plan_rule, by=by, reason="Plan rule agreed")
    plan_rule.addresses.set(addresses)
    plan_rule.kept_by.set(kept_by)
    return plan_rule


@transaction.atomic
def plan_review_add(*, plan: SafetyPlan, by: User, reviewed_on: date, note: str) -> PlanReview:
    _require(by, plan.child)
    _happened(reviewed_on, "The review date", "reviewed_on")
    review = PlanReview(plan=plan, reviewed_on=reviewed_on, note=note, recorded_by=by)
    _save(review, by=by, reason="Safety plan reviewed")
    return review


@transaction.atomic
def next_step_add(
    *,
    child: Child,
    by: User,
    description: str,
    owner: User | None,
    due_on: date | None,
    mapping: Mapping | None = None,
) -> NextStep:
    _require(by, child)
    if owner is None:
        raise ValidationError({"owner": "Choose who owns this next step"})
    if due_on is None:
        raise ValidationError({"due_on": "Enter the date it should be done by"})
    step = NextStep(child=child, mapping=mapping, description=description, owner=owner, due_on=due_on)
    _save(step, by=by, reason="Next step agreed")
    return step


@transaction.atomic
def next_step_done(*, step: NextStep, by: User, done_on: date) -> NextStep:
    _require(by, step.child)
    _happened(done_on, "The date it was done", "done_on")
    step.done_on = done_on
    _save(step, by=by, reason="Next step done")
    return step
