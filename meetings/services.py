"""Every change in the meetings app: meetings and their actions, care planning, court hearings,
family time and the handbook's events. One transaction each, with who and why in the history."""

from datetime import date, datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from caseflow.constants import Role
from caseflow.models import Child, NetworkPerson, User
from meetings.constants import CARE_PLANNING_AGENDA, FAMILY_LED, WITHOUT_FAMILY, MeetingType
from meetings.models import (
    AgendaPoint,
    CareDecision,
    CarePlanningCriterion,
    ChildCriterion,
    ChildEvent,
    CourtHearing,
    FamilyTimeSession,
    Meeting,
    MeetingAction,
    MeetingChild,
)

FAMILY_RULE = (
    "Families attend every meeting about their child except strategy and legal planning meetings: "
    "say why the family did not attend"
)


def _require(user: User, perm: str, obj: Any) -> None:
    if not user.has_perm(perm, obj):
        raise PermissionDenied(f"{user} may not {perm}")


def _save(instance: Any, *, by: User, reason: str) -> None:
    instance._history_user = by
    instance._change_reason = reason
    instance.save()


def _not_future(day: date | None, label: str, field: str) -> None:
    if day is not None and day > timezone.localdate():
        raise ValidationError({field: f"{label} cannot be in the future: record a meeting once it has been held"})


def sgo_assessment(child: Child) -> bool:
    return ChildCriterion.objects.filter(child=child, ended_on__isnull=True, criterion__prospective_sgo=True).exists()


def _check_chair(meeting_type: str, chair: User, children: list[Child]) -> None:
    """The seed: care planning meetings are chaired by a service manager, or by the Fostering
    Assessment Team Manager for a prospective Special Guardianship arrangement."""
    if meeting_type != MeetingType.CARE_PLANNING:
        return
    allowed = {Role.SERVICE_MANAGER}
    if any(sgo_assessment(child) for child in children):
        allowed.add(Role.FOSTERING_TEAM_MANAGER)
    if chair.role not in allowed:
        raise ValidationError(
            {
                "chair": "A care planning meeting is chaired by a service manager (or, for a prospective Special "
                "Guardianship arrangement, the Fostering Assessment Team Manager)"
            }
        )


@transaction.atomic
def meeting_record(
    *,
    by: User,
    meeting_type: str,
    held_on: date,
    chair: User,
    children: list[Child],
    staff: list[User] | None = None,
    network: list[NetworkPerson] | None = None,
    family_attended: bool = True,
    no_family_reason: str = "",
    decisions: str = "",
    notes: str = "",
) -> Meeting:
    if not children:
        raise ValidationError("Name at least one child discussed at the meeting")
    for child in children:
        _require(by, "caseflow.change_child", child)
    _not_future(held_on, "The meeting date", "held_on")
    for child in children:
        if held_on < child.date_of_birth:
            born = f"{child.date_of_birth:%-d %B %Y}"
            raise ValidationError({"held_on": f"The meeting cannot be before {child.full_name} was born, on {born}"})
    child_ids = {child.pk for child in children}
    strangers = [person.name for person in network or [] if person.child_id not in child_ids]
    if strangers:
        raise ValidationError({"network": f"Not in the network of the children discussed: {', '.join(strangers)}"})
    if not family_attended and meeting_type not in WITHOUT_FAMILY and not no_family_reason.strip():
        raise ValidationError({"no_family_reason": FAMILY_RULE})
    _check_chair(meeting_type, chair, children)
    meeting = Meeting(
        meeting_type=meeting_type,
        held_on=held_on,
        chair=chair,
        family_attended=family_attended,
        no_family_reason=no_family_reason,
        decisions=decisions,
        notes=notes,
        recorded_by=by,
    )
    _save(meeting, by=by, reason="Meeting recorded")
    for child in children:
        _save(MeetingChild(meeting=meeting, child=child), by=by, reason="Child discussed")
    meeting.staff.set(staff or [])
    meeting.network.set(network or [])
    if meeting_type == MeetingType.CARE_PLANNING:
        for key, _ in CARE_PLANNING_AGENDA:
            _save(AgendaPoint(meeting=meeting, key=key), by=by, reason="Agenda point")
    return meeting


def _may_record_meeting(by: User, meeting: Meeting) -> None:
    children = list(meeting.children.all())
    if not any(by.has_perm("caseflow.change_child", child) for child in children):
        raise PermissionDenied("Only staff who record for a child discussed can change this meeting")


@transaction.atomic
def outcome_record(*, meeting: Meeting, child: Child, by: User, outcome: str) -> MeetingChild:
    _require(by, "caseflow.change_child", child)
    record = MeetingChild.objects.select_for_update().filter(meeting=meeting, child=child).first()
    if record is None:
        raise ValidationError(f"{child.full_name} was not discussed at this meeting")
    record.outcome = outcome
    _save(record, by=by, reason="Outcome for the child recorded")
    return record


@transaction.atomic
def action_add(
    *,
    meeting: Meeting,
    by: User,
    description: str,
    owner: User | None,
    due_on: date | None,
    child: Child | None = None,
) -> MeetingAction:
    _may_record_meeting(by, meeting)
    if owner is None:
        raise ValidationError({"owner": "Choose who owns this action"})
    if due_on is None:
        raise ValidationError({"due_on": "Enter the date the action is due"})
    if child is not None and not meeting.discussed.filter(child=child).exists():
        raise ValidationError({"child": "Choose a child discussed at this meeting"})
    action = MeetingAction(meeting=meeting, description=description, owner=owner, due_on=due_on, child=child)
    _save(action, by=by, reason="Action agreed")
    return action


@transaction.atomic
def action_done(*, action: MeetingAction, by: User, done_on: date) -> MeetingAction:
    _may_record_meeting(by, action.meeting)
    _not_future(done_on, "The date it was done", "done_on")
    action.done_on = done_on
    _save(action, by=by, reason="Action done")
    return action


@transaction.atomic
def agenda_record(*, meeting: Meeting, by: User, points: dict[str, tuple[bool, str]]) -> None:
    _may_record_meeting(by, meeting)
    for point in AgendaPoint.objects.select_for_update().filter(meeting=meeting):
        if point.key in points:
            point.discussed, point.note = points[point.key]
            _save(point, by=by, reason="Agenda point recorded")


def family_led_meeting_held(child: Child) -> bool:
    return MeetingChild.objects.filter(
        child=child, meeting_type__in=FAMILY_LED, held_on__lte=timezone.localdate()
    ).exists()


@transaction.atomic
def care_decision_record(*, meeting: Meeting, child: Child, by: User, decision: str) -> CareDecision:
    """The seed: 'consideration of a care decision will not be considered when [a family led
    decision making meeting] has not taken place'."""
    _require(by, "caseflow.change_child", child)
    if meeting.meeting_type != MeetingType.CARE_PLANNING:
        raise ValidationError("Care decisions are made at care planning meetings")
    if not meeting.discussed.filter(child=child).exists():
        raise ValidationError(f"{child.full_name} was not discussed at this meeting")
    if not family_led_meeting_held(child):
        raise ValidationError(
            f"A care decision cannot be recorded for {child.full_name}: no family-led decision-making meeting "
            "(a Family Group Conference or family network meeting) has been held. Every child has the right to one."
        )
    if not decision.strip():
        raise ValidationError({"decision": "Enter the care decision"})
    care_decision = CareDecision(child=child, meeting=meeting, decision=decision, decided_by=by)
    _save(care_decision, by=by, reason="Care decision recorded")
    return care_decision


@transaction.atomic
def criterion_note(*, child: Child, criterion: CarePlanningCriterion, by: User, noted_on: date) -> ChildCriterion:
    _require(by, "caseflow.change_child", child)
    _not_future(noted_on, "The date", "noted_on")
    if ChildCriterion.objects.filter(child=child, criterion=criterion, ended_on__isnull=True).exists():
        raise ValidationError({"criterion": "This already applies to the child"})
    record = ChildCriterion(child=child, criterion=criterion, noted_on=noted_on, noted_by=by)
    _save(record, by=by, reason="Care planning criterion applies")
    return record


@transaction.atomic
def hearing_record(
    *, child: Child, by: User, hearing_on: date, is_final: bool, likely_contested: bool, note: str = ""
) -> CourtHearing:
    _require(by, "caseflow.change_child", child)
    if is_final and hearing_on < timezone.localdate():
        raise ValidationError(
            {"hearing_on": "The final hearing date is in the past: enter the date of the final hearing to come"}
        )
    hearing = CourtHearing(
        child=child,
        hearing_on=hearing_on,
        is_final=is_final,
        likely_contested=likely_contested,
        note=note,
        recorded_by=by,
    )
    _save(hearing, by=by, reason="Court hearing recorded")
    return hearing


@transaction.atomic
def family_time_record(
    *,
    child: Child,
    by: User,
    starts_at: datetime,
    ends_at: datetime,
    with_whom: list[NetworkPerson],
    supervised: bool,
    overnight: bool,
    record_sheet: str = "",
) -> FamilyTimeSession:
    _require(by, "caseflow.change_child", child)
    if ends_at <= starts_at:
        raise ValidationError({"ends_at": "The end must be after the start"})
    if starts_at > timezone.now():
        raise ValidationError({"starts_at": "Record family time once it has started"})
    strangers = [person.name for person in with_whom if person.child_id != child.pk]
    if strangers:
        raise ValidationError({"with_whom": f"Not in {child.full_name}'s network: {', '.join(strangers)}"})
    session = FamilyTimeSession(
        child=child,
        starts_at=starts_at,
        ends_at=ends_at,
        supervised=supervised,
        overnight=overnight,
        record_sheet=record_sheet,
        recorded_by=by,
    )
    _save(session, by=by, reason="Family time recorded")
    session.with_whom.set(with_whom)
    return session


@transaction.atomic
def event_record(
    *, child: Child, by: User, kind: str, happened_at: datetime, safety_worries: bool = False, note: str = ""
) -> ChildEvent:
    _require(by, "caseflow.change_child", child)
    if happened_at > timezone.now() and kind != "cp_conference_booked":
        raise ValidationError({"happened_at": "This cannot be in the future"})
    event = ChildEvent(
        child=child, kind=kind, happened_at=happened_at, safety_worries=safety_worries, note=note, recorded_by=by
    )
    _save(event, by=by, reason="Event recorded")
    return event
