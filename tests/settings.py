"""Test environment: sets environment defaults, then loads the one settings module.

Tests run with DEBUG off, as production does; only what a test machine cannot provide
(a secret, HTTPS, collected static files) is filled in here.
"""

import os

# A developer's .env (make run writes one) must not reach the tests, nor their subprocesses.
os.environ["DOTENV_FILE"] = ""
os.environ.setdefault("DJANGO_SECRET_KEY", "tests-only-not-a-secret")
os.environ.setdefault("DJANGO_DEBUG", "false")
os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("DJANGO_SECURE_COOKIES", "false")
os.environ.setdefault("STATIC_MANIFEST", "false")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
os.environ.setdefault("DJANGO_PASSWORD_HASHERS", "django.contrib.auth.hashers.MD5PasswordHasher")
os.environ.setdefault("SITE_URL", "http://testserver")
os.environ.setdefault("EMAIL_URL", "memorymail://")
# Tests never call a real spam service; the spam tests point Akismet at tests/akismet_server/.
os.environ["SPAM_CHECKER"] = "embedded"
os.environ.pop("AKISMET_API_KEY", None)

from config.settings import *  # noqa: F403
