"""config.sqlite3: BEGIN waits for SQLite's write lock in short steps, up to the busy timeout.

Two real connections to one database file, as two gunicorn workers have.
"""

import sqlite3
import threading

import pytest
from django.db import OperationalError, connection, connections

from config.sqlite3.base import DatabaseWrapper

pytestmark = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="the SQLite backend, beside a PostgreSQL run"
)


@pytest.fixture
def database_file(tmp_path, django_db_blocker):
    with django_db_blocker.unblock():  # connections of the test's own, not the site's
        yield tmp_path / "writers.sqlite3"


def open_wrapper(database_file, *, busy_timeout_ms: int) -> DatabaseWrapper:
    settings_dict = connection.settings_dict | {
        "ENGINE": "config.sqlite3",
        "NAME": str(database_file),
        "OPTIONS": {
            "transaction_mode": "IMMEDIATE",
            "init_command": f"PRAGMA journal_mode=WAL; PRAGMA busy_timeout={busy_timeout_ms};",
        },
        "TEST": {},
    }
    wrapper = DatabaseWrapper(settings_dict, alias="writers")
    wrapper.ensure_connection()
    return wrapper


def begin(wrapper) -> None:
    """BEGIN as transaction.atomic sends it."""
    wrapper.set_autocommit(False, force_begin_transaction_with_broken_autocommit=True)


class CountingTries:
    """Counts the BEGINs the waiting connection sends (SQLite's handler would send one)."""

    def __init__(self, wrapper):
        self.tries = 0
        wrapper.connection.set_trace_callback(self.traced)

    def traced(self, statement: str) -> None:
        if statement.startswith("BEGIN"):
            self.tries += 1


def test_a_writer_waits_for_the_lock_in_short_steps_and_gets_it(database_file):
    holder = sqlite3.connect(database_file, isolation_level=None, check_same_thread=False)
    holder.execute("PRAGMA journal_mode=WAL")
    holder.execute("CREATE TABLE t (n INTEGER)")
    holder.execute("BEGIN IMMEDIATE")
    waiter = open_wrapper(database_file, busy_timeout_ms=20_000)
    counting = CountingTries(waiter)
    # The holder commits once the waiter has tried a few times: the waiter must still be trying.
    release = threading.Timer(0.2, holder.execute, args=["COMMIT"])
    release.start()
    try:
        begin(waiter)
        with waiter.cursor() as cursor:
            cursor.execute("INSERT INTO t VALUES (1)")
        waiter.commit()
    finally:
        release.join()
        waiter.set_autocommit(True)
    assert counting.tries > 5, counting.tries
    assert holder.execute("SELECT n FROM t").fetchall() == [(1,)]
    # Every statement but BEGIN keeps SQLite's own handler, with the timeout as configured.
    assert waiter.connection.execute("PRAGMA busy_timeout").fetchone() == (20_000,)
    waiter.close()
    holder.close()


def test_past_the_busy_timeout_it_fails_as_sqlite_would(database_file):
    holder = sqlite3.connect(database_file, isolation_level=None, check_same_thread=False)
    holder.execute("PRAGMA journal_mode=WAL")
    holder.execute("BEGIN IMMEDIATE")
    waiter = open_wrapper(database_file, busy_timeout_ms=50)
    with pytest.raises(OperationalError, match="database is locked"):
        begin(waiter)
    assert waiter.connection.execute("PRAGMA busy_timeout").fetchone() == (50,)
    assert waiter.connection.in_transaction is False
    holder.execute("COMMIT")
    waiter.close()
    holder.close()


@pytest.mark.django_db
def test_the_sites_database_uses_it():
    site = connections["default"]
    site.ensure_connection()
    assert site.settings_dict["ENGINE"] == "config.sqlite3"
    assert isinstance(site, DatabaseWrapper)
    assert site.busy_timeout_ms == 20_000
