"""Django's SQLite backend, with BEGIN retried at short intervals while another writes.

With ``transaction_mode`` IMMEDIATE every write transaction takes SQLite's one write lock at
BEGIN. A connection that finds it taken waits in SQLite's busy handler, which sleeps 1, 2,
5, 10, 15, 20, 25, 25, 25, 50, 50 and 100 ms between tries however soon the lock comes
free. With two gunicorn workers posting comments, a post waited up to 30 ms (p99) for a lock
held a millisecond or two, and its CPU idled meanwhile (issue #17).

Here BEGIN tries again after 0.1 ms, doubling up to 2 ms, until the connection's busy
timeout has passed; then it fails as SQLite would ("database is locked"). Only BEGIN does:
SQLite's own handler, with the busy timeout, still covers every other statement.
"""

from __future__ import annotations

import sqlite3
import time

from django.db import OperationalError
from django.db.backends.sqlite3 import base

FIRST_PAUSE_SECONDS = 0.0001
LONGEST_PAUSE_SECONDS = 0.002


class DatabaseWrapper(base.DatabaseWrapper):
    busy_timeout_ms = 0  # the connection's own, read when it opens

    def get_new_connection(self, conn_params):
        connection = super().get_new_connection(conn_params)
        (self.busy_timeout_ms,) = connection.execute("PRAGMA busy_timeout").fetchone()
        return connection

    def _start_transaction_under_autocommit(self):
        if not self.busy_timeout_ms:
            return super()._start_transaction_under_autocommit()
        deadline = time.monotonic() + self.busy_timeout_ms / 1000
        pause = FIRST_PAUSE_SECONDS
        self.connection.execute("PRAGMA busy_timeout = 0")
        try:
            while True:
                try:
                    return super()._start_transaction_under_autocommit()
                except OperationalError as error:
                    if not is_busy(error) or time.monotonic() + pause > deadline:
                        raise
                time.sleep(pause)
                pause = min(2 * pause, LONGEST_PAUSE_SECONDS)
        finally:
            self.connection.execute(f"PRAGMA busy_timeout = {int(self.busy_timeout_ms)}")


def is_busy(error: OperationalError) -> bool:
    """Whether SQLite refused because another connection holds the lock (SQLITE_BUSY)."""
    cause = error.__cause__
    return getattr(cause, "sqlite_errorcode", None) == sqlite3.SQLITE_BUSY
