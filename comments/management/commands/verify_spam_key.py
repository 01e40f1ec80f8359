"""Ask the spam service whether AKISMET_API_KEY is valid for SITE_URL (for deploy checks)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from comments.spam.checkers import AkismetChecker, ensure_key_verified, get_checker
from comments.spam.client import SpamServiceError


class Command(BaseCommand):
    help = "Verify the Akismet API key against the configured service; exit 1 when it fails."

    def handle(self, *args, **options):
        checker = get_checker()
        if not isinstance(checker, AkismetChecker):
            self.stdout.write("SPAM_CHECKER is embedded: there is no key to verify.")
            return
        try:
            ensure_key_verified(checker.client, checker.key_id, force=True)
        except SpamServiceError as error:
            raise CommandError(str(error)) from error
        client = checker.client
        self.stdout.write(f"The key is valid for {client.blog} at {client.api_url}.")
