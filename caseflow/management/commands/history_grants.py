from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand, CommandParser


def history_tables() -> list[str]:
    """Every django-simple-history table in the project."""
    return sorted(model._meta.db_table for model in apps.get_models() if model.__name__.startswith("Historical"))


def revoke_statements(role: str) -> list[str]:
    quoted = '"' + role.replace('"', '""') + '"'
    return [f"REVOKE UPDATE, DELETE, TRUNCATE ON TABLE {table} FROM {quoted};" for table in history_tables()]


class Command(BaseCommand):
    help = (
        "Print the SQL that takes UPDATE, DELETE and TRUNCATE on every history table away from the "
        "application's database role, so history can only ever be added to. Run it as the database "
        "owner after each migration that adds a table, for example: "
        "python manage.py history_grants --role caseflow_app | psql caseflow"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--role", required=True, help="The database role the application connects as")

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write("-- History is evidence: the application may add to it, never change or remove it.")
        self.stdout.write("BEGIN;")
        for statement in revoke_statements(options["role"]):
            self.stdout.write(statement)
        self.stdout.write("COMMIT;")
