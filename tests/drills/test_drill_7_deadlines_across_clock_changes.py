"""Drill 7: deadlines across the four clock changes of 2026 and 2027 stay correct.

The arithmetic itself is tested in tests/caseflow/test_deadline_periods.py. This drill travels in
time to the Friday before each change, starts a child's pathway, and runs the real scan
(`manage.py scan_deadlines`) at that moment and again a minute either side of each due time:
the 72-hour deadline falls due 72 elapsed hours later (an hour later or earlier on the wall
clock), the 20-working-day review at the end of the London day (not the UTC one), each becomes
overdue exactly then, and the notification gives the due time in London time.
"""

from datetime import UTC, date, datetime, timedelta
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command

from caseflow.models import Deadline, DeadlineStatus, Notification
from pathways import services
from tests.caseflow.factories import ChildFactory

LONDON = ZoneInfo("Europe/London")
MINUTE = timedelta(minutes=1)

# The Friday 10:00 before each change; the 72-hour deadline on the London wall clock; the 20th
# working day, worked out by hand (Easter 2026: 3 and 6 April; Easter 2027: 26 and 29 March).
CHANGES = [
    pytest.param(datetime(2026, 3, 27, 10, tzinfo=LONDON), "30 March 2026 11:00", date(2026, 4, 28), id="march-2026"),
    pytest.param(datetime(2026, 10, 23, 10, tzinfo=LONDON), "26 October 2026 09:00", date(2026, 11, 20), id="oct-2026"),
    pytest.param(datetime(2027, 3, 26, 10, tzinfo=LONDON), "29 March 2027 11:00", date(2027, 4, 26), id="march-2027"),
    pytest.param(datetime(2027, 10, 29, 10, tzinfo=LONDON), "1 November 2027 09:00", date(2027, 11, 26), id="oct-2027"),
]


def _scan() -> None:
    call_command("scan_deadlines", stdout=StringIO())


def _status(deadline: Deadline) -> str:
    deadline.refresh_from_db()
    return deadline.status


@pytest.mark.parametrize(("started", "due_on_the_wall", "review_day"), CHANGES)
def test_drill_7_deadlines_across_a_clock_change(started, due_on_the_wall, review_day, team_a, social_worker):
    child = ChildFactory.create(looked_after=True, team=team_a, allocated_worker=social_worker)
    with time_machine.travel(started, tick=False) as traveller:
        episode = services.episode_start(child=child, by=social_worker, activated_at=started)
        _scan()
        placement = Deadline.objects.get(episode_id=episode.pk, kind="pathway_placement_planning")
        review = Deadline.objects.get(episode_id=episode.pk, kind="pathway_cwcf_plan_review")

        # 72 clock hours: exact elapsed time, so the wall clock reads an hour off the start's.
        assert placement.due_at - started == timedelta(hours=72)
        assert f"{placement.due_at.astimezone(LONDON):%-d %B %Y %H:%M}" == due_on_the_wall
        told = Notification.objects.get(recipient=social_worker, dedupe_key=f"deadline:{placement.pk}:created")
        assert told.subject.endswith(f"is due by {due_on_the_wall}")  # London time, as the worker's clock shows

        # 20 working days: the end of the London day, whatever the offset then.
        end_of_day = datetime.combine(review_day, datetime.max.time().replace(microsecond=0), tzinfo=LONDON)
        assert review.due_at == end_of_day
        assert review.due_at.astimezone(UTC).hour == (22 if end_of_day.utcoffset() else 23)

        for deadline, due in ((placement, placement.due_at), (review, end_of_day)):
            traveller.move_to(due - MINUTE)
            _scan()
            assert _status(deadline) == DeadlineStatus.OPEN
            traveller.move_to(due + MINUTE)
            _scan()
            assert _status(deadline) == DeadlineStatus.OVERDUE
