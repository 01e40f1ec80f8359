"""FoundSource: what a lookup or an imported file says about a work, in Source's own terms."""

from __future__ import annotations

import datetime
import re
from dataclasses import asdict, dataclass, field

_MONTHS = {
    name: number
    for number, names in enumerate(
        [("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"),
         ("may",), ("jun", "june"), ("jul", "july"), ("aug", "august"),
         ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"),
         ("dec", "december")],
        start=1,
    )
    for name in names
}  # fmt: skip
_ISO_DATE = re.compile(r"(\d{4})(?:[-/](\d{1,2})(?:[-/](\d{1,2}))?)?")  # Highwire uses "/"


@dataclass(kw_only=True)
class FoundSource:
    """A work as found; field names are Source's, authors one per item ("{Org}" kept)."""

    kind: str = "other"
    authors: list[str] = field(default_factory=list)
    title: str = ""
    short_title: str = ""
    container: str = ""
    publisher: str = ""
    published_on: datetime.date | None = None
    date_precision: str = "day"
    url: str = ""
    accessed_on: datetime.date | None = None
    doi: str = ""
    isbn: str = ""
    found_by: str = ""  # "Crossref", "Open Library", "the page's metadata", a file's name

    def model_fields(self) -> dict:
        """Keyword arguments for Source(), cut to the columns' lengths."""
        fields = asdict(self)
        del fields["found_by"]
        fields["authors"] = "\n".join(self.authors)
        limits = {"title": 400, "short_title": 120, "container": 200, "publisher": 200}
        for name, limit in limits.items():
            fields[name] = fields[name][:limit]
        fields["url"] = self.url if len(self.url) <= 600 else ""
        return fields

    @property
    def year(self) -> int | None:
        return self.published_on.year if self.published_on else None


def clean_text(value) -> str:
    """One line of text from whatever a service sent (None, a list, a number)."""
    if isinstance(value, list):
        value = value[0] if value else ""
    return " ".join(str(value or "").split())


def given_first(name: str) -> str:
    """ "Okafor, Chidi" -> "Chidi Okafor", as Source.authors holds people; others unchanged."""
    family, comma, given = name.partition(",")
    if not comma or given.strip().rstrip(".").lower() in {"", "jr", "sr", "ii", "iii", "iv"}:
        return name  # "Martin Luther King, Jr." is already in order
    return " ".join(f"{given} {family}".split())


def date_from_parts(parts) -> tuple[datetime.date | None, str]:
    """(date, precision) from [year, month?, day?] as Crossref and CSL-JSON give them."""
    try:
        numbers = [int(part) for part in parts[:3] if part not in (None, "")]
        year, month, day = [*numbers, 1, 1][:3]
        date = datetime.date(year, month, day)
    except (TypeError, ValueError, IndexError):
        return None, "day"
    return date, ("year", "month", "day")[len(numbers) - 1]


def parse_date(text: str) -> tuple[datetime.date | None, str]:
    """(date, precision) from "2004", "2004-03-05", "2004/03/05", "March 5, 2004", "5 Mar 2004"."""
    text = clean_text(text)
    if match := _ISO_DATE.match(text):
        return date_from_parts([group for group in match.groups() if group])
    words = re.findall(r"[A-Za-z]+|\d+", text)
    year = next((word for word in words if re.fullmatch(r"\d{4}", word)), None)
    month = next((_MONTHS[w.lower()] for w in words if w.lower() in _MONTHS), None)
    day = next((w for w in words if re.fullmatch(r"\d{1,2}", w)), None) if month else None
    if year is None:
        return None, "day"
    return date_from_parts([year, month, day] if month else [year])
