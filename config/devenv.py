"""Write the development settings of `make run` into .env, which settings read.

Only keys the file lacks are added, so a value a developer changed stays as it is:

    python -m config.devenv --site-url http://127.0.0.1:8000
"""

from __future__ import annotations

import argparse
import os
import re
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
# The lines django-environ's read_env takes as settings.
KEY_RE = re.compile(r"\A(?:export )?([A-Za-z_0-9]+)=")


def development_values(*, secret_file: Path, site_url: str) -> dict[str, str]:
    return {
        "DJANGO_DEBUG": "true",
        "DJANGO_SECRET_KEY": secret_file.read_text(encoding="utf-8").strip(),
        "SITE_URL": site_url,
    }


def env_file_add_missing(path: Path, values: dict[str, str]) -> list[str]:
    """Append the keys of `values` that `path` does not set; return their names."""
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    present = {match[1] for line in text.splitlines() if (match := KEY_RE.match(line))}
    missing = [key for key in values if key not in present]
    if missing:
        # Created readable by its owner only: it holds the secret key.
        descriptor = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        with os.fdopen(descriptor, "a", encoding="utf-8") as file:
            file.write("" if not text or text.endswith("\n") else "\n")
            file.writelines(f"{key}={values[key]}\n" for key in missing)
    return missing


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site-url", required=True, help="where make run serves the site")
    parser.add_argument("--env-file", type=Path, default=BASE_DIR / ".env")
    parser.add_argument("--secret-file", type=Path, default=BASE_DIR / "var" / "secret_key")
    args = parser.parse_args(argv)
    values = development_values(secret_file=args.secret_file, site_url=args.site_url)
    if added := env_file_add_missing(args.env_file, values):
        print(f"Added {', '.join(added)} to {args.env_file}; manage.py reads it from now on.")


if __name__ == "__main__":
    main()
