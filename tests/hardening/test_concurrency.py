"""The real site under gunicorn, on a SQLite file (or PostgreSQL when DATABASE_URL says so):
concurrent posters and readers, identical posts racing, workers killed mid-post, a bulk approve
during posting, and a post while the spam service hangs. Figures at HARDENING_SCALE."""

from __future__ import annotations

import os
import random
import signal
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlencode

import pytest

from tests.akismet_server import AkismetTestServer
from tests.hardening.conftest import SCALE, report, scaled
from tests.hardening.site import (
    Database,
    Poster,
    admin_session,
    build,
    copy_database,
    fetch,
    serve,
)

pytestmark = pytest.mark.slow
SERVER_ERRORS = range(500, 600)


@pytest.fixture(scope="module")
def template_db(tmp_path_factory):
    db = Database.create(tmp_path_factory.mktemp("site-template"))
    build(db)
    yield db
    db.drop()


@pytest.fixture
def make_site(template_db, tmp_path):
    sites = []

    def make(**options):
        db = copy_database(template_db, tmp_path)
        site = serve(db, **options)
        sites.append(site)
        return site

    yield make
    for site in sites:
        site.stop()
        if site.db is not template_db:
            site.db.drop()


def stored_bodies(site) -> set[str]:
    return {row[0] for row in site.db.query("SELECT body FROM comments_comment")}


def assert_database_sound(site) -> str:
    if site.db.vendor == "sqlite":
        (result,) = site.db.query("PRAGMA integrity_check")[0]
        assert result == "ok"
        return result
    return "n/a (PostgreSQL)"


def half_written(site) -> int:
    """Comments without the 'posted' history row comment_create writes in the same transaction."""
    return site.db.query(
        "SELECT count(*) FROM comments_comment c WHERE c.body_html = '' OR NOT EXISTS "
        "(SELECT 1 FROM comments_statuschange s WHERE s.comment_id = c.id)"
    )[0][0]


def test_concurrent_posters_and_readers_lose_nothing(make_site):
    site = make_site(workers=2, threads=4)
    posters, seconds = scaled(50, minimum=4), max(10.0, 60 * SCALE)
    deadline = time.monotonic() + seconds
    acknowledged, statuses, reads = [], Counter(), Counter()
    lock = threading.Lock()

    def poster(index: int) -> None:
        reader = Poster(site)
        n = 0
        while time.monotonic() < deadline:
            body = f"Poster {index} remark {n}."
            status = reader.post(name=f"Poster {index}", email=f"p{index}@example.org", body=body)
            with lock:
                statuses[status] += 1
                if status == 302:
                    acknowledged.append(body)
            n += 1

    def page_reader() -> None:
        while time.monotonic() < deadline:
            status, _, _ = fetch(site.port, "GET", site.essay_path)
            with lock:
                reads[status] += 1

    with ThreadPoolExecutor(posters + 2) as pool:
        futures = [pool.submit(poster, i) for i in range(posters)]
        futures += [pool.submit(page_reader) for _ in range(2)]
        for future in futures:
            future.result()
    stored = stored_bodies(site)
    log = site.log_text()
    figures = {
        "database": site.db.vendor,
        "posters": posters,
        "seconds": round(seconds),
        "posts": sum(statuses.values()),
        "acknowledged": len(acknowledged),
        "stored": len(stored),
        "lost": len(set(acknowledged) - stored),
        "5xx": sum(statuses[s] + reads[s] for s in SERVER_ERRORS),
        "page reads": sum(reads.values()),
        "database is locked": log.count("database is locked"),
        "integrity_check": assert_database_sound(site),
    }
    report("concurrent posters", figures)
    assert set(acknowledged) <= stored
    assert statuses.keys() == {302}, statuses
    assert reads.keys() == {200}, reads
    assert "database is locked" not in log
    assert "Traceback" not in log, log[-3000:]


def test_twenty_identical_posts_at_once_store_exactly_one(make_site):
    site = make_site(workers=2, threads=10)
    readers = [Poster(site) for _ in range(20)]
    for reader in readers:
        reader.open_form()
    barrier = threading.Barrier(20)

    def post(reader) -> int:
        barrier.wait()
        return reader.post(name="Twin", email="twin@example.org", body="The very same words.")

    with ThreadPoolExecutor(20) as pool:
        statuses = Counter(pool.map(post, readers))
    stored = site.db.query("SELECT count(*) FROM comments_comment")[0][0]
    report(
        "20 identical posts",
        {"database": site.db.vendor, "statuses": dict(statuses), "stored": stored},
    )
    assert stored == 1
    assert statuses[302] == 1
    assert not any(statuses[s] for s in SERVER_ERRORS), statuses


def test_workers_killed_mid_post_leave_no_half_comment_and_lose_nothing_acknowledged(make_site):
    site = make_site(workers=2, threads=2)
    kills = scaled(50, minimum=5)
    acknowledged, statuses, failures = [], Counter(), Counter()
    lock, done = threading.Lock(), threading.Event()

    def poster(index: int) -> None:
        reader = Poster(site)
        n = 0
        while not done.is_set():
            body = f"Killer test {index}-{n}."
            n += 1
            try:
                status = reader.post(
                    name=f"Poster {index}", email=f"k{index}@example.org", body=body, timeout=10
                )
            except OSError as error:  # the worker died under this request
                with lock:
                    failures[type(error).__name__] += 1
                continue
            with lock:
                statuses[status] += 1
                if status == 302:
                    acknowledged.append(body)

    with ThreadPoolExecutor(6) as pool:
        futures = [pool.submit(poster, i) for i in range(6)]
        killed, deadline = 0, time.monotonic() + 45
        while killed < kills and time.monotonic() < deadline:
            # Kill once the replacement serves again: every kill lands among live posts.
            served = len(acknowledged)
            while len(acknowledged) < served + 2 and time.monotonic() < deadline:
                time.sleep(0.01)
            time.sleep(random.uniform(0, 0.05))
            workers = site.workers()
            if workers:
                os.kill(random.choice(workers), signal.SIGKILL)
                killed += 1
        time.sleep(1)  # the master replaces the last one; posts go on meanwhile
        done.set()
        for future in futures:
            future.result()
    stored = stored_bodies(site)
    figures = {
        "database": site.db.vendor,
        "workers killed": killed,
        "acknowledged": len(acknowledged),
        "stored": len(stored),
        "acknowledged but lost": len(set(acknowledged) - stored),
        "half-written": half_written(site),
        "connection errors": dict(failures),
        "5xx": sum(statuses[s] for s in SERVER_ERRORS),
        "integrity_check": assert_database_sound(site),
    }
    report("SIGKILL mid-post", figures)
    assert set(acknowledged) <= stored
    assert half_written(site) == 0
    assert not any(statuses[s] for s in SERVER_ERRORS), statuses


def test_bulk_approve_of_1000_comments_while_posting_continues(make_site):
    site = make_site(workers=2, threads=4)
    count = 1000
    # 1,000 pending comments, written as comment_create would (one posted history row each).
    insert_pending(site, count)
    cookie, csrf = admin_session(site)
    done = threading.Event()
    statuses = Counter()

    def poster(index: int) -> None:
        reader = Poster(site)
        n = 0
        while not done.is_set():
            statuses[
                reader.post(
                    name="During",
                    email=f"d{index}@example.org",
                    body=f"During the bulk approve {index}-{n}.",
                )
            ] += 1
            n += 1

    pks = [
        row[0]
        for row in site.db.query(
            "SELECT id FROM comments_comment WHERE status = 'pending' ORDER BY id"
        )
    ]
    with ThreadPoolExecutor(4) as pool:
        futures = [pool.submit(poster, i) for i in range(4)]
        time.sleep(0.5)
        started = time.monotonic()
        # "Select all 1,000" as a moderator does it: more than DATA_UPLOAD_MAX_NUMBER_FIELDS ids.
        body = urlencode(
            {
                "csrfmiddlewaretoken": csrf,
                "action": "approve",
                "index": 0,
                "select_across": 1,
                "_selected_action": pks[0],
            }
        )
        try:
            status, _headers, _ = fetch(
                site.port,
                "POST",
                "/admin/comments/comment/?tab=pending",
                body,
                {
                    "Content-Type": "application/x-www-form-urlencoded",
                    "Cookie": cookie,
                    "Referer": f"http://127.0.0.1:{site.port}/admin/",
                },
                timeout=120,
            )
            bulk_seconds = time.monotonic() - started
            time.sleep(0.5)
        finally:
            done.set()  # the posters stop even when the bulk request fails or times out
        for future in futures:
            future.result()
    statuses_now = dict(site.db.query("SELECT id, status FROM comments_comment"))
    approved = sum(statuses_now[pk] == "approved" for pk in pks)
    figures = {
        "database": site.db.vendor,
        "bulk approved": approved,
        "bulk status": status,
        "bulk seconds": round(bulk_seconds, 1),
        "posts meanwhile": sum(statuses.values()),
        "post statuses": dict(statuses),
    }
    report("bulk approve of 1,000 while posting", figures)
    assert status == 302
    assert approved == count
    assert statuses.keys() == {302}, statuses
    assert "Traceback" not in site.log_text()


def insert_pending(site, count: int) -> None:
    """Pending comments made by the site's own services, in one management-shell run."""
    import subprocess
    import sys

    from tests.hardening.site import ROOT, SLUG, site_env

    code = f"""
from comments.models import Comment
from comments.services import CommentData, RequestMeta, comment_create
from essays.models import Essay
essay = Essay.objects.get(slug={SLUG!r})
for n in range({count}):
    comment_create(essay=essay, data=CommentData(author_name=f"Held {{n}}",
        author_email=f"held{{n}}@example.org", author_url="", body=f"Held comment {{n}}."),
        meta=RequestMeta(ip_address="192.0.2.1", user_agent="seed"), signals={{}})
"""
    subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "shell", "-c", code],
        cwd=ROOT,
        env=site_env(site.db, site.port, COMMENTS_MODERATION_POLICY="all"),
        check=True,
        capture_output=True,
        timeout=300,
    )


def test_a_post_completes_while_another_waits_on_a_hanging_spam_service(make_site):
    key = "hardening-akismet-key"
    with AkismetTestServer(valid_key=key) as akismet:
        site = make_site(
            workers=1,
            threads=4,
            SPAM_CHECKER="akismet",
            AKISMET_API_KEY=key,
            AKISMET_API_URL=akismet.url,
            AKISMET_IS_TEST="true",
            AKISMET_READ_TIMEOUT="15",
            AKISMET_RETRIES="0",
        )
        first, second = Poster(site), Poster(site)
        first.open_form()
        second.open_form()
        assert first.post(name="Warm", email="warm@example.org", body="Key check.") == 302
        akismet.script("slow", times=1, slow_seconds=10)
        hanging = {}

        def post_into_the_hang():
            started = time.monotonic()
            hanging["status"] = first.post(
                name="Slow", email="slow@example.org", body="Checked slowly."
            )
            hanging["seconds"] = time.monotonic() - started

        thread = threading.Thread(target=post_into_the_hang)
        thread.start()
        deadline = time.monotonic() + 5
        while not [r for r in akismet.requests if r.endpoint == "comment-check"][1:]:
            assert time.monotonic() < deadline, "the first post never reached the spam service"
            time.sleep(0.05)
        started = time.monotonic()
        status = second.post(name="Quick", email="quick@example.org", body="Posted meanwhile.")
        seconds = time.monotonic() - started
        thread.join(30)
    report(
        "post during a 10 s spam-service hang",
        {
            "database": site.db.vendor,
            "second post status": status,
            "second post seconds": round(seconds, 2),
            "hanging post seconds": round(hanging.get("seconds", -1), 1),
            "hanging post status": hanging.get("status"),
        },
    )
    assert status == 302
    assert hanging.get("status") == 302
    assert hanging["seconds"] >= 9  # it really did wait on the service
    # The issue asks for under 1 s; 3 s keeps a loaded CI machine from flaking, and still
    # fails if the first post held the write lock through its 10 s wait.
    assert seconds < 3


@pytest.mark.parametrize("round_", range(3))
def test_ten_posts_from_one_address_at_once_let_exactly_one_through_flood_control(
    make_site, round_
):
    """Flood control claims the sender's window atomically (a PostingGate row), so posts sent
    together from one address cannot all read "no recent post" and all pass."""
    site = make_site(workers=2, threads=10, COMMENTS_FLOOD_SECONDS="60")
    readers = [Poster(site) for _ in range(10)]
    for reader in readers:
        reader.open_form()
    barrier = threading.Barrier(10)

    def post(indexed) -> int:
        index, reader = indexed
        barrier.wait()
        body = f"Round {round_}, distinct remark number {index}."
        return reader.post(name=f"Racer {index}", email=f"r{index}@example.org", body=body)

    with ThreadPoolExecutor(10) as pool:
        statuses = Counter(pool.map(post, enumerate(readers)))
    stored = site.db.query("SELECT count(*) FROM comments_comment")[0][0]
    report(
        "10 posts from one address",
        {"database": site.db.vendor, "round": round_, "statuses": dict(statuses), "stored": stored},
    )
    assert (statuses[302], statuses[429], stored) == (1, 9, 1), statuses
