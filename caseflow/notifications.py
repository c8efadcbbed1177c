"""Notifications: an outbox written with the change that raises it, delivered by a task.

In the app a notification shows at once (header count, list); email follows when the
delivery task runs. If the broker or the mail server is down, nothing is lost: the outbox
row waits and the next delivery sends it, once.
"""

import logging
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mail
from django.db import connection, transaction
from django.db.models import QuerySet
from django.utils import timezone

from caseflow.constants import Role
from caseflow.models import Child, Notification, User

log = logging.getLogger(__name__)
BATCH = 200


@dataclass(frozen=True)
class Message:
    key: str  # the same key never notifies the same person twice
    subject: str
    body: str = ""
    url: str = ""


def team_managers_of(child: Child) -> QuerySet[User]:
    return User.objects.filter(is_active=True, role=Role.TEAM_MANAGER, teams=child.team_id)


def worker_and_managers(child: Child) -> list[User]:
    """The allocated social worker and the team managers of the child's team."""
    people = list(team_managers_of(child))
    if child.allocated_worker_id and child.allocated_worker not in people:
        people.insert(0, child.allocated_worker)  # type: ignore[arg-type]
    return people


def role_holders_for(child: Child, roles: Iterable[str]) -> QuerySet[User]:
    """Active users in these roles who can see the child (their team, area, or every area)."""
    from django.db.models import Q

    return User.objects.filter(
        Q(teams=child.team_id) | Q(service_areas__teams=child.team_id) | Q(sees_all_areas=True),
        is_active=True,
        role__in=list(roles),
    ).distinct()


class Audience:
    """`worker_and_managers` and `role_holders_for` for many children at once: the team managers
    and role holders of every team involved are read in two queries, not two per child (the
    deadline scan tells thousands of children's workers at a time)."""

    def __init__(self, *, team_ids: Iterable[int], roles: Iterable[str]) -> None:
        from caseflow.models import Team

        team_ids, roles = set(team_ids), set(roles)
        self.managers: dict[int, list[User]] = {team: [] for team in team_ids}
        members = User.teams.through.objects.filter(
            team_id__in=team_ids, user__is_active=True, user__role=Role.TEAM_MANAGER
        ).select_related("user")
        for member in members.order_by("user__last_name", "user__first_name", "user__username"):
            self.managers[member.team_id].append(member.user)
        self.area_of = dict(Team.objects.filter(id__in=team_ids).values_list("id", "service_area_id"))
        self.holders = list(
            User.objects.filter(is_active=True, role__in=roles).prefetch_related("teams", "service_areas")
            if roles
            else []
        )
        self.reach = {
            user.pk: ({t.pk for t in user.teams.all()}, {a.pk for a in user.service_areas.all()})
            for user in self.holders
        }

    def worker_and_managers(self, child: Child) -> list[User]:
        people = list(self.managers.get(child.team_id, []))
        if child.allocated_worker_id and child.allocated_worker not in people:
            people.insert(0, child.allocated_worker)  # type: ignore[arg-type]
        return people

    def role_holders_for(self, child: Child, roles: Iterable[str]) -> list[User]:
        wanted = set(roles)
        return [
            user
            for user in self.holders
            if user.role in wanted
            and (
                user.sees_all_areas
                or child.team_id in self.reach[user.pk][0]
                or self.area_of.get(child.team_id) in self.reach[user.pk][1]
            )
        ]


def notify_many(messages: Iterable[tuple[Iterable[User], Message]]) -> int:
    """`notify` for many messages at once, in one insert per thousand rows (delivery not queued:
    the caller queues it once after its transaction)."""
    rows = [
        Notification(
            recipient=user, dedupe_key=message.key[:200], subject=message.subject[:300], body=message.body,
            url=message.url[:300],
        )
        for recipients, message in messages
        for user in {user.pk: user for user in recipients if user.is_active}.values()
    ]  # fmt: skip
    Notification.objects.bulk_create(rows, ignore_conflicts=True, batch_size=1000)
    return len(rows)


def notify(recipients: Iterable[User], message: Message, *, queue: bool = True) -> int:
    """Queue a notification for each recipient, once; delivery runs after the transaction commits."""
    rows = [
        Notification(
            recipient=user, dedupe_key=message.key[:200], subject=message.subject[:300], body=message.body,
            url=message.url[:300],
        )
        for user in {user.pk: user for user in recipients if user.is_active}.values()
    ]  # fmt: skip
    Notification.objects.bulk_create(rows, ignore_conflicts=True)
    if rows and queue:
        transaction.on_commit(queue_delivery)
    return len(rows)


def queue_delivery() -> None:
    """Ask a worker to send email now. If the broker is down the request still succeeds: the
    outbox rows wait for the next scheduled delivery."""
    from caseflow.tasks import deliver_notifications

    try:
        deliver_notifications.delay()
    except Exception as error:  # broker down: scheduled delivery will pick the rows up
        log.warning("Notification delivery not queued (%s); the next scheduled run will send it", error)


def deliver_pending(*, limit: int = BATCH) -> int:
    """Email notifications not yet emailed. Safe to run twice at once: rows are claimed with
    SKIP LOCKED, and a row is marked sent in the same transaction that sends it."""
    sent = 0
    with transaction.atomic():
        batch = list(
            Notification.objects.select_for_update(skip_locked=True)
            .filter(emailed_at__isnull=True, email_attempts__lt=5)
            .select_related("recipient")
            .order_by("created_at")[:limit]
        )
        for notification in batch:
            notification.email_attempts += 1
            try:
                if notification.recipient.email:
                    send_mail(
                        subject=f"CaseFlow: {notification.subject}",
                        message=f"{notification.body}\n\n{notification.url}".strip(),
                        from_email=settings.DEFAULT_FROM_EMAIL,
                        recipient_list=[notification.recipient.email],
                    )
                notification.emailed_at = timezone.now()
                notification.last_error = ""
                sent += 1
            except Exception as error:  # the mail server is down: try again next run
                notification.last_error = str(error)[:300]
            notification.save(update_fields=["email_attempts", "emailed_at", "last_error"])
    return sent


# Every page's header shows the count, so it is one plain statement: building it through the ORM
# cost more than PostgreSQL takes to answer it (the (recipient, read_at) index does).
_UNREAD = "SELECT COUNT(*) FROM caseflow_notification WHERE recipient_id = %s AND read_at IS NULL"


def unread_count(*, user: User) -> int:
    with connection.cursor() as cursor:
        cursor.execute(_UNREAD, [user.pk])
        return int(cursor.fetchone()[0])
