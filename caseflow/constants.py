"""Choices used across the core records."""

from django.db import models


class Role(models.TextChoices):
    SOCIAL_WORKER = "social_worker", "Social worker"
    ADVANCED_PRACTITIONER = "advanced_practitioner", "Advanced practitioner"
    TEAM_MANAGER = "team_manager", "Team manager"
    FOSTERING_TEAM_MANAGER = "fostering_team_manager", "Fostering assessment team manager"
    SERVICE_MANAGER = "service_manager", "Service manager"
    HEAD_OF_SERVICE = "head_of_service", "Head of service"
    DEPUTY_DIRECTOR = "deputy_director", "Deputy director"
    CORPORATE_DIRECTOR = "corporate_director", "Corporate director"
    IRO = "iro", "Independent reviewing officer"
    PERFORMANCE_OFFICER = "performance_officer", "Performance officer"
    ADMINISTRATOR = "administrator", "Administrator"


# Who sees which children (SPEC section 1). Business rule, kept next to the roles it names.
TEAM_SCOPED_ROLES = frozenset(
    {Role.SOCIAL_WORKER, Role.ADVANCED_PRACTITIONER, Role.TEAM_MANAGER, Role.FOSTERING_TEAM_MANAGER}
)
AREA_SCOPED_ROLES = frozenset(
    {Role.SERVICE_MANAGER, Role.HEAD_OF_SERVICE, Role.DEPUTY_DIRECTOR, Role.CORPORATE_DIRECTOR}
)
# Who may add and edit children's core records (the IRO reviews; others do not record casework).
RECORDING_ROLES = frozenset(
    {
        Role.SOCIAL_WORKER,
        Role.ADVANCED_PRACTITIONER,
        Role.TEAM_MANAGER,
        Role.FOSTERING_TEAM_MANAGER,
        Role.SERVICE_MANAGER,
        Role.HEAD_OF_SERVICE,
    }
)


class LegalStatus(models.TextChoices):
    S20 = "s20", "Section 20 (accommodated)"
    INTERIM_CARE_ORDER = "interim_care_order", "Interim care order"
    CARE_ORDER = "care_order", "Care order (s31)"
    PLACEMENT_ORDER = "placement_order", "Placement order"
    SUPERVISION_ORDER = "supervision_order", "Supervision order"
    CIN = "cin", "Child in need"
    CP_PLAN = "cp_plan", "Child protection plan"
    NONE = "none", "No legal status"


class PlacementType(models.TextChoices):
    FOSTER = "foster", "Foster care"
    KINSHIP = "kinship", "Kinship care"
    RESIDENTIAL = "residential", "Residential"
    PLACED_WITH_PARENTS = "placed_with_parents", "Placed with parents"
    HOME = "home", "Living at home"


class AreaOfWork(models.TextChoices):
    """The child's area of work: it chooses the Signs of Safety wording (handbook table)."""

    EARLY_HELP = "early_help", "Early Help"
    CHILD_IN_NEED = "child_in_need", "Child in Need"
    CHILD_PROTECTION = "child_protection", "Child Protection"
    LOOKED_AFTER = "looked_after", "Looked after"
    ADOPTION = "adoption", "Adoption"
    LEAVING_CARE = "leaving_care", "Leaving care"
    FOSTERING = "fostering", "Fostering"
    DISABLED_CHILDREN = "disabled_children", "Children with disabilities"


class Gender(models.TextChoices):
    FEMALE = "female", "Female"
    MALE = "male", "Male"
    NON_BINARY = "non_binary", "Non-binary"
    OTHER = "other", "Other"
    NOT_KNOWN = "not_known", "Not known"


class Relationship(models.TextChoices):
    MOTHER = "mother", "Mother"
    FATHER = "father", "Father"
    STEP_PARENT = "step_parent", "Step-parent"
    PARENT_PARTNER = "parent_partner", "Parent's partner"
    SIBLING = "sibling", "Sibling"
    GRANDPARENT = "grandparent", "Grandparent"
    AUNT_UNCLE = "aunt_uncle", "Aunt or uncle"
    OTHER_RELATIVE = "other_relative", "Other relative"
    FOSTER_CARER = "foster_carer", "Foster carer"
    KINSHIP_CARER = "kinship_carer", "Kinship carer"
    FAMILY_FRIEND = "family_friend", "Family friend"
    PROFESSIONAL = "professional", "Professional"
    OTHER = "other", "Other"


class NetworkCircle(models.TextChoices):
    """Where a person stands to the home the child may return to: police checks depend on it."""

    HOUSEHOLD = "household", "Lives in the household"
    EXTENDED_FAMILY = "extended_family", "Extended family"
    REGULAR_VISITOR = "regular_visitor", "Regular visitor to the household"
    OTHER = "other", "Other"
