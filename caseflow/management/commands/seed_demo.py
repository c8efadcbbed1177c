from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from caseflow.demo import USERS, seed_demo


class Command(BaseCommand):
    help = "Create demo teams, users (one or more per role) and children. Safe to run again."

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            seed_demo()
        except RuntimeError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS("Demo data is in place."))
        self.stdout.write(f"Demo password for every user: {settings.CASEFLOW_DEMO_PASSWORD}")
        for username, first, last, role, *_ in USERS:
            self.stdout.write(f"  {username:<6} {first} {last} ({role.label})")
