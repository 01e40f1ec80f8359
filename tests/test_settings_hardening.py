"""Security tests for settings: no published secret key, a private SQLite file.

Each runs the settings module in a fresh process, as tests/test_settings.py does.
"""

import json
import os
import stat

from tests.test_settings import PRODUCTION_ENV, PROJECT, read_settings, run_python

OLD_DEVELOPMENT_KEY = "insecure-development-key-only-used-with-DJANGO_DEBUG"


def test_debug_without_a_secret_gets_a_random_key_per_process_and_a_warning(tmp_path):
    env = {"DJANGO_DEBUG": "true", "DATABASE_URL": f"sqlite:///{tmp_path}/db.sqlite3"}
    code = "import django; django.setup()\nfrom django.conf import settings\n"
    code += "print(settings.SECRET_KEY)"
    runs = [run_python(code, env) for _ in range(2)]

    keys = [run.stdout.strip() for run in runs]
    assert all(run.returncode == 0 for run in runs), runs[0].stderr
    assert keys[0] != keys[1]
    assert OLD_DEVELOPMENT_KEY not in keys
    assert all(len(key) >= 50 for key in keys)
    assert "sessions and signed cookies end when it restarts" in runs[0].stderr


def test_sqlite_database_and_its_wal_files_are_private_to_the_site_user(tmp_path):
    database = tmp_path / "x" / "db.sqlite3"
    code = (
        "import django, json, os; django.setup()\n"
        "from django.core.management import call_command\n"
        "call_command('migrate', verbosity=0)\n"
        # migrate's connection is still open, so SQLite's -wal and -shm files exist now.
        f"path = {str(database)!r}\n"
        "print(json.dumps({s: os.stat(path + s).st_mode for s in ('', '-wal', '-shm')}))"
    )
    umask = os.umask(0o022)  # the usual default, under which SQLite's own files are 0644
    try:
        result = run_python(code, {"DJANGO_DEBUG": "true", "DATABASE_URL": f"sqlite:///{database}"})
    finally:
        os.umask(umask)

    assert result.returncode == 0, result.stderr
    modes = {suffix: stat.S_IMODE(mode) for suffix, mode in json.loads(result.stdout).items()}
    assert modes == {"": 0o600, "-wal": 0o600, "-shm": 0o600}
    assert stat.S_IMODE(database.parent.stat().st_mode) == 0o700


def test_in_memory_sqlite_creates_no_file():
    result = run_python(
        "import django; django.setup()",
        {"DJANGO_DEBUG": "true", "DATABASE_URL": "sqlite://:memory:"},
    )
    assert result.returncode == 0, result.stderr
    assert not (PROJECT / ":memory:").exists()


def test_login_throttle_and_image_limit_come_from_the_environment():
    env = PRODUCTION_ENV | {
        "AXES_FAILURE_LIMIT": "3",
        "AXES_COOLOFF_TIME": "0.5",
        "IMAGE_MAX_PIXELS": "25000000",
    }
    value = read_settings(
        env, "settings.AXES_FAILURE_LIMIT, settings.AXES_COOLOFF_TIME, settings.IMAGE_MAX_PIXELS"
    )
    assert value == "3 0:30:00 25000000"
    defaults = read_settings(
        PRODUCTION_ENV,
        "settings.AXES_FAILURE_LIMIT, settings.AXES_COOLOFF_TIME, settings.IMAGE_MAX_PIXELS, "
        "settings.AXES_LOCKOUT_PARAMETERS",
    )
    assert defaults == "5 1:00:00 40000000 [['username', 'ip_address']]"
