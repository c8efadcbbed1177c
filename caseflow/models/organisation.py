"""Service areas, teams and the people who use CaseFlow."""

from django.contrib.auth.models import AbstractUser
from django.db import models

from caseflow.constants import Role

from .history import tracked


class ServiceArea(models.Model):
    name = models.CharField(max_length=100, unique=True)
    history = tracked()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Team(models.Model):
    name = models.CharField(max_length=100, unique=True)
    service_area = models.ForeignKey(ServiceArea, on_delete=models.PROTECT, related_name="teams")
    history = tracked()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    """A member of staff. One role; one or more teams; managers also cover service areas."""

    role = models.CharField(max_length=40, choices=Role.choices, default=Role.SOCIAL_WORKER)
    teams = models.ManyToManyField(Team, blank=True, related_name="members")
    service_areas = models.ManyToManyField(
        ServiceArea,
        blank=True,
        related_name="managers",
        help_text="For service managers, heads of service and directors: the areas whose children they see.",
    )
    sees_all_areas = models.BooleanField(
        default=False, help_text="For service managers, heads of service and directors: see every service area."
    )
    history = tracked(excluded_fields=["password", "last_login"], m2m_fields=[teams, service_areas])

    class Meta:
        ordering = ["last_name", "first_name", "username"]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @property
    def is_administrator(self) -> bool:
        return self.is_active and self.role == Role.ADMINISTRATOR


class RoleSetting(models.Model):
    """What an administrator decides for everyone in a role (a role without a row has the defaults)."""

    role = models.CharField(max_length=40, choices=Role.choices, unique=True)
    requires_two_factor = models.BooleanField(
        "requires two-step sign-in",
        default=False,
        help_text="People in this role enter a code from an authenticator app after their password, from their "
        "next sign-in on.",
    )
    history = tracked()

    class Meta:
        ordering = ["role"]

    def __str__(self) -> str:
        return self.get_role_display()
