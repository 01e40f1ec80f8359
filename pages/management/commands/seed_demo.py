"""Load the demo publication of demo/ into an empty database, or one seeded before."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from pages import demo


class Command(BaseCommand):
    help = (
        "Add the demo essays, comments and staff logins of demo/ that the database lacks; "
        "nothing that exists is changed. Refuses a database in real use (users or essays "
        "seed_demo did not create) unless --force or --skip-if-in-use."
    )

    def add_arguments(self, parser):
        in_use = parser.add_mutually_exclusive_group()
        in_use.add_argument(
            "--force",
            action="store_true",
            help="Seed a database in real use too. Existing users are still left as they are.",
        )
        in_use.add_argument(
            "--skip-if-in-use",
            action="store_true",
            help="On a database in real use, say so in one line and exit 0 (make run does).",
        )
        parser.add_argument(
            "--images",
            action="store_true",
            help="Give each essay added a hero image drawn with Pillow (pages/demo_art.py), "
            "stored in MEDIA_ROOT with its renditions. make run asks for them.",
        )
        parser.add_argument(
            "--logins-file",
            type=Path,
            help="Where to keep the demo passwords (default: demo-logins.txt beside the "
            "SQLite database, or var/demo-logins-<database name>.txt).",
        )

    def handle(
        self, *args, force=False, skip_if_in_use=False, logins_file=None, images=False, **options
    ):
        content = demo.demo_load()
        in_use = demo.demo_in_use(content)
        if in_use and skip_if_in_use:
            self.stdout.write(f"seed_demo left the database alone: it is in use ({in_use}).")
            return
        if in_use and not force:
            raise CommandError(
                f"This database holds {in_use}, so it looks in real use; seed_demo fills an "
                "empty database or one it seeded. Use --force to add the demo content anyway "
                "(existing users are never changed), or --skip-if-in-use to leave it alone."
            )
        path = Path(logins_file) if logins_file else demo.logins_path(connection.settings_dict)
        seeded = demo.demo_seed(content=content, logins_file=path, images=images)
        self.stdout.write(
            self.style.SUCCESS(f"Demo content ready: {seeded.essays} essays ({seeded.added} new).")
        )
        kept = f"kept in {path}" if path else "not kept: the database is in memory"
        self.stdout.write(f"Demo logins for /admin/ ({kept}):")
        for login in seeded.logins:
            self.stdout.write(f"  {login.username:<10} {describe(login)}")


def describe(login: demo.Login) -> str:
    if not login.ours:
        return "a user seed_demo did not create has this name: left as it is"
    if login.password is None:
        return f"password not kept; set one: manage.py changepassword {login.username}"
    return f"{login.password}   ({login.role})"
