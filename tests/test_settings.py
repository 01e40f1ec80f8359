"""Settings come from the environment; these run the settings module in a fresh process."""

import os
import subprocess
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
PRODUCTION_ENV = {
    "DJANGO_DEBUG": "false",
    "DJANGO_SECRET_KEY": "a-production-like-secret-" + "x" * 40,
    "DJANGO_ALLOWED_HOSTS": "essays.example.org",
    "SITE_URL": "https://essays.example.org",
    "DATABASE_URL": "sqlite:////tmp/marginalia-settings-test.sqlite3",
    "STATIC_MANIFEST": "false",
}


def run_python(code: str, env: dict) -> subprocess.CompletedProcess:
    clean = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_",
             "DATABASE_URL", "SITE_URL", "STATIC_", "CACHE_URL", "EMAIL_URL"))}  # fmt: skip
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=PROJECT,
        env=clean | {"DJANGO_SETTINGS_MODULE": "config.settings"} | env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def read_settings(env: dict, expression: str) -> str:
    result = run_python(
        f"import django; django.setup(); from django.conf import settings; print({expression})",
        env,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_missing_secret_with_debug_off_stops_start_up_naming_the_variable():
    env = PRODUCTION_ENV | {"DJANGO_SECRET_KEY": ""}
    result = run_python("import django; django.setup()", env)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in result.stderr


def test_database_url_selects_the_database():
    env = PRODUCTION_ENV | {"DATABASE_URL": "postgres://u:p@db.internal:5433/essays"}
    engine = read_settings(env, "settings.DATABASES['default']['ENGINE'], "
                           "settings.DATABASES['default']['PORT'], "
                           "settings.DATABASES['default']['CONN_HEALTH_CHECKS']")  # fmt: skip
    assert engine == "django.db.backends.postgresql 5433 True"


def test_default_database_is_sqlite_in_wal_mode_with_immediate_transactions():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "DATABASE_URL"}
    options = read_settings(env, "settings.DATABASES['default']")
    assert "var/db.sqlite3" in options
    assert "'transaction_mode': 'IMMEDIATE'" in options
    assert "journal_mode=WAL" in options
    assert "busy_timeout" in options


def test_cache_email_and_hosts_come_from_the_environment():
    env = PRODUCTION_ENV | {
        "CACHE_URL": "redis://127.0.0.1:6379/2",
        "EMAIL_URL": "smtp://mailer:pw@smtp.example.org:587",
    }
    value = read_settings(
        env,
        "settings.CACHES['default']['BACKEND'], settings.EMAIL_HOST, settings.ALLOWED_HOSTS",
    )
    assert "RedisCache" in value
    assert "smtp.example.org" in value
    assert "['essays.example.org']" in value


def test_check_deploy_is_clean_under_production_variables():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=PROJECT,
        env=run_python.__globals__["os"].environ.copy()
        | {"DJANGO_SETTINGS_MODULE": "config.settings"}
        | PRODUCTION_ENV
        | {"DJANGO_SECURE_SSL_REDIRECT": "true", "DJANGO_SECURE_COOKIES": "true"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
