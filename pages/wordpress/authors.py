"""The --author-map file: which WordPress login is which login here."""

from __future__ import annotations

from django.contrib.auth import get_user_model


class AuthorMapError(Exception):
    """The author map names logins that do not exist or has lines it cannot read."""


def read_author_map(text: str) -> dict[str, object]:
    """Read "wordpress_login  username" lines (# starts a comment) into login -> User."""
    pairs: dict[str, str] = {}
    problems: list[str] = []
    for number, line in enumerate(text.splitlines(), 1):
        words = line.split("#", 1)[0].split()
        if not words:
            continue
        if len(words) != 2:
            problems.append(f"line {number}: expected “wordpress_login username”, got {line!r}")
            continue
        pairs[words[0]] = words[1]
    users = get_user_model().objects.filter(username__in=pairs.values())
    by_name = {user.username: user for user in users}
    problems += [f"no login “{name}” here" for name in pairs.values() if name not in by_name]
    if problems:
        raise AuthorMapError("The author map cannot be used: " + "; ".join(problems) + ".")
    return {login: by_name[name] for login, name in pairs.items()}
