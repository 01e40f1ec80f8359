"""Where settings come from: the environment, and a git-ignored .env beside the project.

Both settings modules read their values through `env`; DEBUG is here because both use it.
"""

from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
# A git-ignored .env (`make run` writes one) fills in what the environment leaves unset.
# DOTENV_FILE names another file, or none when empty (tests/settings.py sets it so).
dotenv_file = env.str("DOTENV_FILE", default=str(BASE_DIR / ".env"))
if dotenv_file and Path(dotenv_file).is_file():
    environ.Env.read_env(dotenv_file)

DEBUG = env.bool("DJANGO_DEBUG", default=False)
