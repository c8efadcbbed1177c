"""Factories for the core records."""

from datetime import date
from typing import Any

import factory

from caseflow.constants import LegalStatus, PlacementType, Relationship, Role
from caseflow.models import Child, LegalStatusPeriod, NetworkPerson, PlacementPeriod, ServiceArea, Team, User


class ServiceAreaFactory(factory.django.DjangoModelFactory[ServiceArea]):
    class Meta:
        model = ServiceArea
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Area {n}")


class TeamFactory(factory.django.DjangoModelFactory[Team]):
    class Meta:
        model = Team
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Team {n}")
    service_area = factory.SubFactory(ServiceAreaFactory)


class UserFactory(factory.django.DjangoModelFactory[User]):
    class Meta:
        model = User
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    # Plain names, so a test can look for them in a page without HTML escaping getting in the way.
    first_name = factory.Iterator(["Sam", "Priya", "Tom", "Grace", "Helen", "Dylan", "Ruth", "Martin"])
    last_name = factory.Sequence(lambda n: f"Worker{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@caseflow.example")
    role = Role.SOCIAL_WORKER
    password = factory.django.Password("correct-horse-battery")

    @factory.post_generation
    def teams(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create and extracted:
            self.teams.set(extracted)

    @factory.post_generation
    def service_areas(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create and extracted:
            self.service_areas.set(extracted)


class ChildFactory(factory.django.DjangoModelFactory[Child]):
    class Meta:
        model = Child
        skip_postgeneration_save = True

    given_names = factory.Iterator(["Jayden", "Ruby", "Kai", "Maya", "Noah", "Freya", "Leo", "Isla"])
    family_name = factory.Sequence(lambda n: f"Family{n}")
    date_of_birth = factory.Faker("date_between", start_date=date(2009, 1, 1), end_date=date(2022, 12, 31))
    local_reference = factory.Sequence(lambda n: f"REF-{n:06d}")
    team = factory.SubFactory(TeamFactory)

    class Params:
        # A looked-after child: a current legal status and placement, recorded as periods.
        looked_after = factory.Trait(
            legal_status=factory.RelatedFactory(
                "tests.caseflow.factories.LegalStatusPeriodFactory", factory_related_name="child"
            ),
            placement=factory.RelatedFactory(
                "tests.caseflow.factories.PlacementPeriodFactory", factory_related_name="child"
            ),
        )


class LegalStatusPeriodFactory(factory.django.DjangoModelFactory[LegalStatusPeriod]):
    class Meta:
        model = LegalStatusPeriod

    child = factory.SubFactory(ChildFactory)
    status = LegalStatus.CARE_ORDER
    start_date = date(2025, 1, 6)


class PlacementPeriodFactory(factory.django.DjangoModelFactory[PlacementPeriod]):
    class Meta:
        model = PlacementPeriod

    child = factory.SubFactory(ChildFactory)
    placement_type = PlacementType.FOSTER
    carer = "Mr and Mrs Bennett"
    start_date = date(2025, 1, 6)


class NetworkPersonFactory(factory.django.DjangoModelFactory[NetworkPerson]):
    class Meta:
        model = NetworkPerson

    child = factory.SubFactory(ChildFactory)
    name = factory.Faker("name", locale="en_GB")
    relationship = Relationship.MOTHER
    date_of_birth = date(1990, 5, 17)
