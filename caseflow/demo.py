"""Demo data for `make run`: teams, one or more users per role, and a small caseload.

Idempotent: running it again changes nothing that is already there.
"""

from collections.abc import Callable
from datetime import date, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from caseflow import demo_timeline, services
from caseflow.constants import AreaOfWork, Gender, LegalStatus, NetworkCircle, PlacementType, Relationship, Role
from caseflow.models import Child, NetworkPerson, ServiceArea, Team, User

CHILDREN_IN_CARE = "Children in Care"
SAFEGUARDING = "Safeguarding and Family Support"
TEAM_A = "Cared For"
TEAM_B = "Building Your Futures"
TEAMS = {
    CHILDREN_IN_CARE: [TEAM_A, TEAM_B, "Care Experienced", "14+", "Leaving Care", "Fostering"],
    SAFEGUARDING: ["SAT", "Operational", "CWDT", "FS&S", "Early Help"],
}

# username, first name, last name, role, teams, service areas, sees all areas
USERS = [
    ("sw1", "Sam", "Okafor", Role.SOCIAL_WORKER, [TEAM_A], [], False),
    ("sw2", "Priya", "Shah", Role.SOCIAL_WORKER, [TEAM_A], [], False),
    ("sw3", "Tom", "Evans", Role.SOCIAL_WORKER, [TEAM_B], [], False),
    ("ap1", "Grace", "Mensah", Role.ADVANCED_PRACTITIONER, [TEAM_A], [], False),
    ("tm1", "Helen", "Price", Role.TEAM_MANAGER, [TEAM_A], [], False),
    ("tm2", "Dylan", "Morgan", Role.TEAM_MANAGER, [TEAM_B], [], False),
    ("sm1", "Ruth", "Adeyemi", Role.SERVICE_MANAGER, [], [CHILDREN_IN_CARE], False),
    ("hos1", "Martin", "Lloyd", Role.HEAD_OF_SERVICE, [], [], True),
    ("dd1", "Nadia", "Rahman", Role.DEPUTY_DIRECTOR, [], [], True),
    ("iro1", "Claire", "Doyle", Role.IRO, [], [], False),
    ("cd1", "Joan", "Whitfield", Role.CORPORATE_DIRECTOR, [], [], True),
    ("perf1", "Owen", "Hughes", Role.PERFORMANCE_OFFICER, [], [], False),
    ("admin", "Ada", "Administrator", Role.ADMINISTRATOR, [], [], False),
]

# given names, family name, date of birth, gender, reference, team, worker, reviewed by iro1,
# legal status, placement type, carer
# fmt: off
CHILDREN = [
    ("Amira", "Hassan", date(2014, 3, 27), Gender.FEMALE, "LCS-100101", TEAM_A, "sw1", True,
     LegalStatus.CARE_ORDER, PlacementType.FOSTER, "Mr and Mrs Bennett"),
    ("Jayden", "Clarke", date(2016, 7, 2), Gender.MALE, "LCS-100102", TEAM_A, "sw1", False,
     LegalStatus.S20, PlacementType.FOSTER, "Ms Patel"),
    ("Zoë", "Williams", date(2011, 11, 15), Gender.FEMALE, "LCS-100103", TEAM_A, "sw1", True,
     LegalStatus.INTERIM_CARE_ORDER, PlacementType.KINSHIP, "Grandmother, Mrs Williams"),
    ("Siobhán", "O'Neill", date(2009, 5, 9), Gender.FEMALE, "LCS-100104", TEAM_A, "sw2", False,
     LegalStatus.CARE_ORDER, PlacementType.RESIDENTIAL, "Oakwood House"),
    ("Kai", "Thompson", date(2018, 1, 20), Gender.MALE, "LCS-100105", TEAM_A, "sw2", False,
     LegalStatus.S20, PlacementType.FOSTER, "Mr Adams"),
    ("Leo", "Nowak", date(2013, 9, 30), Gender.MALE, "LCS-100106", TEAM_A, "sw2", True,
     LegalStatus.CARE_ORDER, PlacementType.PLACED_WITH_PARENTS, "Mother, Ms Nowak"),
    ("Ruby", "Davies", date(2015, 12, 1), Gender.FEMALE, "LCS-100107", TEAM_A, None, False,
     LegalStatus.INTERIM_CARE_ORDER, PlacementType.FOSTER, "Mr and Mr Khan"),
    ("Isla", "Patel", date(2013, 10, 3), Gender.FEMALE, "LCS-100108", TEAM_A, "sw1", False,
     LegalStatus.CARE_ORDER, PlacementType.FOSTER, "Mr and Mrs Cole"),
    ("Oscar", "Reid", date(2011, 2, 11), Gender.MALE, "LCS-100109", TEAM_A, "sw2", True,
     LegalStatus.S20, PlacementType.FOSTER, "Ms Ahmed"),
    ("Ellis", "Murphy", date(2012, 4, 18), Gender.NON_BINARY, "LCS-200201", TEAM_B, "sw3", True,
     LegalStatus.CARE_ORDER, PlacementType.FOSTER, "Mrs Green"),
    ("Maya", "Begum", date(2010, 8, 8), Gender.FEMALE, "LCS-200202", TEAM_B, "sw3", False,
     LegalStatus.CARE_ORDER, PlacementType.KINSHIP, "Aunt, Ms Begum"),
    ("Noah", "Jones", date(2017, 2, 14), Gender.MALE, "LCS-200203", TEAM_B, "sw3", True,
     LegalStatus.PLACEMENT_ORDER, PlacementType.FOSTER, "Mr and Mrs Taylor"),
    ("Freya", "Roberts", date(2008, 6, 25), Gender.FEMALE, "LCS-200204", TEAM_B, "sw3", False,
     LegalStatus.S20, PlacementType.RESIDENTIAL, "Birch Lodge"),
    ("Hana", "Kowalski", date(2012, 12, 12), Gender.FEMALE, "LCS-200205", TEAM_B, "sw3", False,
     LegalStatus.CARE_ORDER, PlacementType.KINSHIP, "Uncle, Mr Kowalski"),
    ("Theo", "Grant", date(2015, 5, 5), Gender.MALE, "LCS-200206", TEAM_B, "sw3", True,
     LegalStatus.S20, PlacementType.FOSTER, "Mrs Lee"),
]
# fmt: on

# The day each child started to be looked after (a Going Home pathway starts the same day), in the
# story's days (caseflow.demo_timeline.day): months back and day of that month, or days ago.
LOOKED_AFTER_SINCE: dict[str, demo_timeline.Day] = {
    "LCS-100101": (11, 8),  # Amira
    "LCS-100102": (3, 6),  # Jayden
    "LCS-100103": (8, 20),  # Zoë
    "LCS-100104": (12, 15),  # Siobhán
    "LCS-100105": 2,  # Kai: two days ago
    "LCS-100106": (9, 12),  # Leo
    "LCS-100107": (13, 10),  # Ruby
    "LCS-100108": (12, 20),  # Isla
    "LCS-100109": (13, 1),  # Oscar
    "LCS-200201": (7, 3),  # Ellis
    "LCS-200202": (10, 20),  # Maya
    "LCS-200203": (14, 1),  # Noah
    "LCS-200204": (12, 12),  # Freya
    "LCS-200205": (27, 1),  # Hana: reunified with her family 13 months ago
    "LCS-200206": (5, 15),  # Theo: his permanence plan fell due last month
}
# When the service started using CaseFlow: the teams and users are recorded then.
SERVICE_STARTED: demo_timeline.Day = (28, 1)

NETWORK = [
    ("Dana", Relationship.MOTHER, 34, False, NetworkCircle.HOUSEHOLD),
    ("Chris", Relationship.FATHER, 37, False, NetworkCircle.REGULAR_VISITOR),
    ("Pat", Relationship.GRANDPARENT, 62, True, NetworkCircle.EXTENDED_FAMILY),
]


# Framework apps add their own demo records (episodes in every stage...) after the core ones.
_seeders: list[Callable[[], None]] = []


def register_demo_seeder(seeder: Callable[[], None]) -> None:
    if seeder not in _seeders:
        _seeders.append(seeder)


def _years_before(today: date, years: int) -> date:
    return today - timedelta(days=round(365.25 * years))


@transaction.atomic
def seed_demo() -> list[str]:
    """Create the demo organisation, users and caseload; return the demo usernames. What is made
    now is re-dated to its day in the demo's story (caseflow.demo_timeline)."""
    password = settings.CASEFLOW_DEMO_PASSWORD
    if not password:
        raise RuntimeError("CASEFLOW_DEMO_PASSWORD is not set: demo data is for demo settings only")
    with demo_timeline.story():
        demo_timeline.at(demo_timeline.day(SERVICE_STARTED))
        teams, users = _organisation(password)
        _children(teams, users)
        for seeder in _seeders:
            seeder()
    from caseflow.deadlines.scan import scan_deadlines

    # The demo opens with its deadlines in place, as beat would leave them, against the story's dates.
    scan_deadlines()
    return [username for username, *_ in USERS]


def _organisation(password: str) -> tuple[dict[str, Team], dict[str, User]]:
    areas = {name: ServiceArea.objects.get_or_create(name=name)[0] for name in TEAMS}
    teams = {
        team: Team.objects.get_or_create(name=team, defaults={"service_area": areas[area]})[0]
        for area, names in TEAMS.items()
        for team in names
    }
    users = {}
    for username, first, last, role, team_names, area_names, sees_all in USERS:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "first_name": first,
                "last_name": last,
                "role": role,
                "sees_all_areas": sees_all,
                "email": f"{username}@caseflow.example",
                "is_staff": role == Role.ADMINISTRATOR,
            },
        )
        if created:
            user.set_password(password)
            user.save()
            user.teams.set([teams[name] for name in team_names])
            user.service_areas.set([areas[name] for name in area_names])
        users[username] = user
    return teams, users


def _children(teams: dict[str, Team], users: dict[str, User]) -> None:
    """Each child recorded on the day they started to be looked after."""
    today = timezone.localdate()
    for given, family, born, gender, reference, team, worker, reviewed, status, placement, carer in CHILDREN:
        if Child.objects.filter(local_reference=reference).exists():
            continue
        recorder = users[worker] if worker else users["tm1" if team == TEAM_A else "tm2"]
        looked_after_since = demo_timeline.day(LOOKED_AFTER_SINCE[reference])
        demo_timeline.at(looked_after_since)
        child = services.child_create(
            by=recorder,
            fields={
                "given_names": given,
                "family_name": family,
                "date_of_birth": born,
                "gender": gender,
                "ethnicity": "",
                "local_reference": reference,
                "team": teams[team],
                "allocated_worker": users[worker] if worker else None,
                "reviewing_officer": users["iro1"] if reviewed else None,
                "area_of_work": AreaOfWork.LOOKED_AFTER,
            },
            legal_status=status,
            legal_status_since=looked_after_since,
        )
        services.placement_record(
            child=child, by=recorder, placement_type=placement, carer=carer, start_date=looked_after_since
        )
        for label, relationship, age, trusted, circle in NETWORK:
            services.network_person_save(
                person=NetworkPerson(
                    child=child,
                    name=f"{label} {family}",
                    relationship=relationship,
                    date_of_birth=_years_before(today, age),
                    is_trusted_adult=trusted,
                    circle=circle,
                ),
                by=recorder,
            )
