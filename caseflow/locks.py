"""Named locks across processes, released by the database if the process holding one dies."""

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection


@contextmanager
def held_by_this_process(name: str) -> Iterator[bool]:
    """Try to take the lock called `name` for the length of the block; yields whether it was taken.

    On PostgreSQL this is a session advisory lock: if the worker holding it is killed, its
    connection closes and the lock goes with it, so a redelivered task can start again. SQLite,
    the single-process embedded default, has no other process to exclude: always taken.
    """
    if connection.vendor != "postgresql":
        yield True
        return
    key = int.from_bytes(hashlib.blake2b(name.encode(), digest_size=8).digest(), "big", signed=True)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [key])
        taken = bool(cursor.fetchone()[0])
    try:
        yield taken
    finally:
        if taken:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [key])
