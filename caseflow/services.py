"""Writes to the core records. Each change is one transaction with who made it and why."""

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from caseflow.models import Child, ChildAccessLog, LegalStatusPeriod, NetworkPerson, PlacementPeriod, User


def _require(user: User, perm: str, obj: Any = None) -> None:
    if not user.has_perm(perm, obj):
        raise PermissionDenied(f"{user} may not {perm}")


def _save(instance: Any, *, by: User, reason: str) -> None:
    instance._history_user = by
    instance._change_reason = reason
    instance.full_clean()
    instance.save()


@transaction.atomic
def child_create(*, by: User, fields: dict[str, Any], legal_status: str, legal_status_since: date) -> Child:
    _require(by, "caseflow.add_child")
    child = Child(**fields)
    _save(child, by=by, reason="Child record created")
    _save(
        LegalStatusPeriod(child=child, status=legal_status, start_date=legal_status_since),
        by=by,
        reason="Legal status recorded when the child was added",
    )
    return child


@transaction.atomic
def child_update(*, child: Child, by: User, fields: dict[str, Any]) -> Child:
    _require(by, "caseflow.change_child", child)
    for name, value in fields.items():
        setattr(child, name, value)
    _save(child, by=by, reason="Child record edited")
    return child


def _start_period(model: type[Any], *, child: Child, by: User, start_date: date, **values: Any) -> Any:
    """Open a new period for the child and close the current one on the day the new one starts."""
    current = model.objects.select_for_update().filter(child=child, end_date__isnull=True).first()
    if current is not None:
        if start_date < current.start_date:
            raise ValidationError(
                {"start_date": f"This must be on or after {current.start_date:%-d %B %Y}, when the current one began"}
            )
        current.end_date = start_date
        _save(current, by=by, reason="Ended by the next one")
    period = model(child=child, start_date=start_date, **values)
    _save(period, by=by, reason="Recorded")
    return period


@transaction.atomic
def legal_status_record(*, child: Child, by: User, status: str, start_date: date) -> LegalStatusPeriod:
    _require(by, "caseflow.change_child", child)
    current = LegalStatusPeriod.objects.filter(child=child, end_date__isnull=True).first()
    if current is not None and current.status == status:
        raise ValidationError({"status": f"The child's legal status is already {current.get_status_display()}"})
    period: LegalStatusPeriod = _start_period(
        LegalStatusPeriod, child=child, by=by, start_date=start_date, status=status
    )
    return period


@transaction.atomic
def placement_record(*, child: Child, by: User, placement_type: str, carer: str, start_date: date) -> PlacementPeriod:
    _require(by, "caseflow.change_child", child)
    period: PlacementPeriod = _start_period(
        PlacementPeriod, child=child, by=by, start_date=start_date, placement_type=placement_type, carer=carer
    )
    return period


@transaction.atomic
def network_person_save(*, person: NetworkPerson, by: User) -> NetworkPerson:
    _require(by, "caseflow.change_child", person.child)
    _save(person, by=by, reason="Network person added" if person._state.adding else "Network person edited")
    return person


def child_access_record(*, child: Child, user: User, ip_address: str | None, path: str) -> None:
    ChildAccessLog.objects.create(child=child, user=user, ip_address=ip_address, path=path[:300])
