"""The child and the records around them: legal status, placements and network."""

import uuid
from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q

from caseflow.constants import AreaOfWork, Gender, LegalStatus, NetworkCircle, PlacementType, Relationship

from .history import tracked
from .organisation import Team


def age_on(date_of_birth: date, today: date) -> int:
    return today.year - date_of_birth.year - ((today.month, today.day) < (date_of_birth.month, date_of_birth.day))


class Child(models.Model):
    # Opaque id in every URL: never a sequential number or a name.
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    given_names = models.CharField("given names", max_length=200)
    family_name = models.CharField("family name", max_length=200)
    known_as = models.CharField("known as", max_length=200, blank=True)
    date_of_birth = models.DateField("date of birth")
    gender = models.CharField(max_length=20, choices=Gender.choices, default=Gender.NOT_KNOWN)
    ethnicity = models.CharField(max_length=100, blank=True)
    local_reference = models.CharField("local reference", max_length=40, unique=True)
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="children")
    allocated_worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="allocated_children",
        verbose_name="allocated social worker",
    )
    reviewing_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reviewed_children",
        verbose_name="independent reviewing officer",
    )
    area_of_work = models.CharField(
        "area of work", max_length=30, choices=AreaOfWork.choices, default=AreaOfWork.LOOKED_AFTER
    )
    # The tracker meeting's fifth cohort: young people who may go home in an unplanned way.
    may_return_unplanned = models.BooleanField("may return home in an unplanned way", default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    history = tracked()

    class Meta:
        ordering = ["family_name", "given_names"]
        verbose_name_plural = "children"
        indexes = [
            models.Index(fields=["date_of_birth"]),
            models.Index(fields=["family_name", "given_names"]),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.given_names} {self.family_name}"

    def age(self, today: date) -> int:
        return age_on(self.date_of_birth, today)


class ChildPeriod(models.Model):
    """Something the child had from a date until the next one began (open while current)."""

    start_date = models.DateField("from")
    end_date = models.DateField("until", null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ["-start_date", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["child"], condition=Q(end_date__isnull=True), name="%(class)s_one_current_per_child"
            ),
        ]


class LegalStatusPeriod(ChildPeriod):
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="legal_statuses")
    status = models.CharField("legal status", max_length=30, choices=LegalStatus.choices)
    history = tracked()

    class Meta(ChildPeriod.Meta):
        indexes = [
            # The children list's legal status filter: the children whose current status is this.
            models.Index(fields=["status", "child"], condition=Q(end_date__isnull=True), name="legal_status_current"),
        ]

    def __str__(self) -> str:
        return self.get_status_display()


class PlacementPeriod(ChildPeriod):
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="placements")
    placement_type = models.CharField("placement", max_length=30, choices=PlacementType.choices)
    carer = models.CharField("carer or setting", max_length=200, blank=True)
    history = tracked()

    class Meta(ChildPeriod.Meta):
        pass

    def __str__(self) -> str:
        return self.get_placement_type_display()


class NetworkPerson(models.Model):
    """Someone around the child: family, carers, trusted adults, professionals."""

    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="network")
    name = models.CharField(max_length=200)
    relationship = models.CharField(max_length=30, choices=Relationship.choices)
    # Dates of birth, not ages: police checks depend on being 16 or over on the day.
    date_of_birth = models.DateField("date of birth", null=True, blank=True)
    circle = models.CharField("household", max_length=20, choices=NetworkCircle.choices, default=NetworkCircle.OTHER)
    is_trusted_adult = models.BooleanField("trusted adult", default=False)
    contact = models.CharField("contact details", max_length=300, blank=True)
    history = tracked()

    class Meta:
        ordering = ["name"]
        verbose_name = "network person"
        verbose_name_plural = "network people"

    def __str__(self) -> str:
        return f"{self.name} ({self.get_relationship_display()})"

    def age(self, today: date) -> int | None:
        return age_on(self.date_of_birth, today) if self.date_of_birth else None


class ChildRecordVersion(models.Model):
    """How often a record on the child's timeline has changed (caseflow.record_versions): the key
    the child page keeps its built record under. A plain id, not a foreign key: deleting a child
    writes a last history row, and so a last version, after the child's row has gone."""

    child_id = models.UUIDField(primary_key=True)
    version = models.PositiveBigIntegerField(default=0)

    class Meta:
        db_table = "caseflow_childrecordversion"  # named in record_versions' upsert

    def __str__(self) -> str:
        return f"{self.child_id} at version {self.version}"
