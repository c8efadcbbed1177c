"""The embedded default (`make run`: SQLite, the demo settings) keeps a child's timeline and record
version as PostgreSQL does: the suite itself runs on PostgreSQL, so this runs a fresh SQLite
database in a process of its own."""

from tests.subprocesses import clean_environment, manage

# Run by `manage.py shell`: a child, a change to them and a record two steps away, then what the
# child page reads of them.
SCRIPT = """
from datetime import date
from caseflow import record_versions, services, timeline
from caseflow.constants import LegalStatus, Role
from caseflow.models import Child, NetworkPerson, ServiceArea, Team, User
area = ServiceArea.objects.create(name="Area")
team = Team.objects.create(name="Team", service_area=area)
worker = User.objects.create(username="sw", role=Role.SOCIAL_WORKER)
worker.teams.add(team)
child = services.child_create(
    by=worker,
    fields={"given_names": "Amira", "family_name": "Hassan", "date_of_birth": date(2015, 3, 27),
            "local_reference": "LCS-1", "team": team, "allocated_worker": worker},
    legal_status=LegalStatus.CARE_ORDER, legal_status_since=date(2025, 1, 6),
)
NetworkPerson.objects.create(child=child, name="Pat Hassan", relationship="grandparent")
entries, _ = timeline.child_timeline(child=Child.objects.get(pk=child.pk))
print("entries", len(entries), "|".join(entry.title for entry in entries))
print("version", record_versions.version_for(child.pk))
record_versions.versions_raise([child.pk, str(child.pk)])
print("raised", record_versions.version_for(child.pk))
from caseflow.deadlines.scan import scan_deadlines
from caseflow.models import Deadline
counts = scan_deadlines()
print("scan", counts["created"] == Deadline.objects.filter(child=child).count() > 0)
print("after scan", record_versions.version_for(child.pk) > 4)
"""


def test_sqlite_keeps_the_childs_timeline_and_record_version(tmp_path):
    environment = clean_environment(
        DJANGO_SETTINGS_MODULE="caseflow.settings.local", DATABASE_URL=f"sqlite:///{tmp_path / 'caseflow.sqlite3'}"
    )

    def run(*args: str) -> str:
        done = manage(*args, environment=environment)
        assert done.returncode == 0, done.stderr
        return done.stdout

    run("migrate", "--verbosity", "0")
    out = run("shell", "-c", SCRIPT)
    # The child, their legal status and the network person: three entries, newest first.
    assert "entries 3 Pat Hassan" in out
    assert "Amira Hassan" in out
    assert "version 3" in out  # raised once for each of the three history rows
    assert "raised 4" in out  # once for the child, however the id is written
    # The scan (its cancellation reads back the children it changed) makes the child's deadlines
    # and raises their version.
    assert "scan True" in out
    assert "after scan True" in out
