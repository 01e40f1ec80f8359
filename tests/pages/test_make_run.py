"""make run as a developer meets it: the commands make would run (make -n), run in fresh
processes on a database file, then the server; and the .env it leaves for manage.py."""

import os
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from http import HTTPStatus
from pathlib import Path

import pytest
import requests

from config import devenv

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
PASSED_ENV = ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "TZ")
REAL_ESSAY = (
    "from tests.factories import EssayFactory; "
    "EssayFactory(slug='written-in-the-admin', title='Written in the admin')"
)


def clean_env() -> dict:
    """The shell's basics, without what tests/settings.py exports (SITE_URL among them)."""
    return {name: os.environ[name] for name in PASSED_ENV if name in os.environ}


def make_dry_run(*args: str) -> list[str]:
    """What make would run (-n) with every target out of date (-B), python from this venv."""
    result = subprocess.run(
        ["make", "-n", "-B", *args, f"BIN={BIN}"],
        cwd=ROOT,
        env=clean_env(),
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return result.stdout.splitlines()


def steps_before_serving(port: int) -> list[str]:
    """make run's manage.py commands before it serves (migrate, seed_demo), as make spells them."""
    lines = make_dry_run("run", f"PORT={port}")
    steps = [line for line in lines if "manage.py migrate" in line or "manage.py seed_demo" in line]
    assert len(steps) == 2, lines
    return steps


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def devenv_main(directory: Path, site_url: str) -> Path:
    """config.devenv as make run calls it, with .env and the secret key file in `directory`."""
    env_file, secret_file = directory / ".env", directory / "secret_key"
    devenv.main(["--site-url", site_url, f"--env-file={env_file}", f"--secret-file={secret_file}"])
    return env_file


@pytest.fixture
def site_env(tmp_path) -> dict:
    """The environment of make run's commands: its .env (written here by config.devenv, as
    make run writes it) and a database file of its own."""
    (tmp_path / "secret_key").write_text("make-run-test-" + "k" * 40 + "\n")
    (tmp_path / "db").mkdir()  # as make run makes var/ for the secret
    return clean_env() | {
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DOTENV_FILE": str(devenv_main(tmp_path, "http://127.0.0.1:8000")),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db' / 'db.sqlite3'}",
        "MEDIA_ROOT": str(tmp_path / "media"),  # the demo's generated images
    }


def sh(command: str, env: dict) -> subprocess.CompletedProcess:
    result = subprocess.run(
        ["sh", "-c", command], cwd=ROOT, env=env, capture_output=True, text=True, timeout=180
    )
    assert result.returncode == 0, f"{command}\n{result.stdout}\n{result.stderr}"
    return result


def manage(env: dict, *args: str) -> subprocess.CompletedProcess:
    return sh(f"{BIN / 'python'} manage.py {' '.join(args)}", env)


@contextmanager
def runserver(env: dict, port: int, log: Path):
    """manage.py runserver on `port`, once it answers; stopped on the way out."""
    with log.open("w") as output:
        server = subprocess.Popen(
            [BIN / "python", "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 30
        while True:
            assert server.poll() is None, log.read_text()
            try:
                requests.head(f"http://127.0.0.1:{port}/", timeout=1)
                break
            except requests.ConnectionError:
                assert time.monotonic() < deadline, log.read_text()
                time.sleep(0.2)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_make_run_serves_a_database_that_holds_a_real_essay(site_env, tmp_path):
    port = free_port()
    migrate, seed = steps_before_serving(port)
    sh(migrate, site_env)
    manage(site_env, "shell", "-c", f'"{REAL_ESSAY}"')

    outputs = [sh(step, site_env).stdout for step in (migrate, seed)]

    assert outputs[1].startswith("seed_demo left the database alone: it is in use (1 essay")
    assert outputs[1].count("\n") == 1
    with runserver(site_env, port, tmp_path / "runserver.log") as url:
        response = requests.get(url + "/", timeout=10)
    assert response.status_code == HTTPStatus.OK
    assert "Written in the admin" in response.text


def test_make_run_seeds_an_empty_database_and_prints_the_logins_and_no_mail(site_env, tmp_path):
    steps = steps_before_serving(free_port())

    first = [sh(step, site_env) for step in steps][1]
    again = [sh(step, site_env) for step in steps][1]

    logins_file = tmp_path / "db" / "demo-logins.txt"
    assert f"Demo logins for /admin/ (kept in {logins_file}):" in first.stdout
    assert "Subject:" not in first.stdout + first.stderr  # the console mail backend's output
    assert logins_file.stat().st_mode & 0o777 == 0o600
    passwords = dict(line.split() for line in logins_file.read_text().splitlines())
    assert sorted(passwords) == ["admin", "editor", "moderator"]
    assert "Demo content ready: 7 essays (0 new)." in again.stdout
    assert all(password in again.stdout for password in passwords.values())
    heroes = sorted(path.name for path in (tmp_path / "media" / "heroes").rglob("*.png"))
    assert len(heroes) == 7, heroes  # drawn once: the second run added no essay


def test_site_url_follows_port_under_make_run():
    lines = make_dry_run("run", "PORT=8080")

    commands = [line for line in lines if "manage.py" in line]
    assert commands and all("SITE_URL='http://127.0.0.1:8080'" in line for line in commands)
    assert f"{BIN}/python -m config.devenv --site-url 'http://127.0.0.1:8080'" in lines
    assert any(line.endswith("manage.py runserver 127.0.0.1:8080") for line in lines)


def test_make_run_installs_the_site_only_and_make_test_adds_the_test_extras():
    run, test = make_dry_run("run"), make_dry_run("test")

    assert f"{BIN}/pip install --quiet -e ." in run
    assert not any("[test]" in line for line in run)
    assert f'{BIN}/pip install --quiet -e ".[test]"' in test
    assert "touch .venv/.installed-test" in test and "touch .venv/.installed-test" not in run


def test_devenv_writes_a_private_env_file_with_the_development_values(tmp_path):
    (tmp_path / "secret_key").write_text("s3cret\n")

    env_file = devenv_main(tmp_path, "http://127.0.0.1:8080")

    assert env_file.read_text() == (
        "DJANGO_DEBUG=true\nDJANGO_SECRET_KEY=s3cret\nSITE_URL=http://127.0.0.1:8080\n"
    )
    assert env_file.stat().st_mode & 0o777 == 0o600


def test_devenv_adds_only_missing_keys_and_keeps_what_a_developer_changed(tmp_path):
    env_file = tmp_path / ".env"
    env_file.write_text("# mine\nexport DJANGO_DEBUG=false\nEMAIL_URL=smtp://mail.example.org")
    values = {"DJANGO_DEBUG": "true", "DJANGO_SECRET_KEY": "s3cret", "EMAIL_URL": "dummymail://"}

    added = devenv.env_file_add_missing(env_file, values)
    again = devenv.env_file_add_missing(env_file, values | {"DJANGO_SECRET_KEY": "other"})

    assert (added, again) == (["DJANGO_SECRET_KEY"], [])
    assert env_file.read_text() == (
        "# mine\nexport DJANGO_DEBUG=false\nEMAIL_URL=smtp://mail.example.org\n"
        "DJANGO_SECRET_KEY=s3cret\n"
    )


def read_settings(env: dict, expression: str) -> str:
    code = f"import django; django.setup(); from django.conf import settings; print({expression})"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_settings_read_env_and_the_environment_wins(site_env):
    env = site_env | {"SITE_URL": "http://127.0.0.1:9000"}
    value = read_settings(env, "settings.DEBUG, settings.SECRET_KEY[:13], settings.SITE_URL")
    assert value == "True make-run-test http://127.0.0.1:9000"


def test_tests_never_read_a_developers_env(site_env, tmp_path):
    with Path(site_env["DOTENV_FILE"]).open("a") as dotenv:
        dotenv.write("ESSAYS_PER_PAGE=3\n")
    env = site_env | {"DJANGO_SETTINGS_MODULE": "tests.settings"}
    assert read_settings(env, "settings.DEBUG, settings.ESSAYS_PER_PAGE") == "False 10"
