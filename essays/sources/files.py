"""Reading a reference manager's export (Zotero, Mendeley): BibTeX or CSL-JSON. Pure.

Each entry becomes a FoundSource or a stated reason it could not be read; a file that is
neither format raises Unreadable.
"""

from __future__ import annotations

import datetime
import json
import re
from dataclasses import dataclass

import bibtexparser
from bibtexparser.middlewares import LatexDecodingMiddleware

from essays.sources.errors import Unreadable
from essays.sources.identifiers import normalise_doi, normalise_isbn
from essays.sources.records import (
    FoundSource,
    clean_text,
    date_from_parts,
    given_first,
    parse_date,
)

# https://docs.citationstyles.org/en/stable/specification.html#appendix-iii-types
CSL_KINDS = {
    "article-journal": "journal",
    "paper-conference": "journal",
    "book": "book",
    "chapter": "book",
    "report": "report",
    "article-newspaper": "news",
    "article-magazine": "news",
    "webpage": "web",
    "post-weblog": "web",
    "interview": "interview",
}
BIBTEX_KINDS = {
    "article": "journal",
    "inproceedings": "journal",
    "book": "book",
    "inbook": "book",
    "incollection": "book",
    "techreport": "report",
    "report": "report",
    "online": "web",
    "electronic": "web",
    "misc": "web",
}


@dataclass(frozen=True)
class FileEntry:
    label: str  # the entry's key, or its position, to tell the editor which one
    record: FoundSource | None = None
    problem: str = ""  # why it could not be read; set when record is None


def read_sources_file(name: str, data: bytes) -> list[FileEntry]:
    """The entries of a BibTeX (.bib) or CSL-JSON (.json) file; Unreadable for neither."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise Unreadable(f"{name} is not UTF-8 text: export it again as UTF-8.") from None
    if name.lower().endswith(".json") or text.lstrip().startswith(("[", "{")):
        return read_csl_json(text, name)
    return read_bibtex(text, name)


def read_csl_json(text: str, name: str = "the file") -> list[FileEntry]:
    try:
        items = json.loads(text)
    except ValueError as error:
        raise Unreadable(f"{name} is not valid JSON ({error}).") from None
    items = items.get("items", [items]) if isinstance(items, dict) else items
    if not isinstance(items, list):
        raise Unreadable(f"{name} is not CSL-JSON: expected a list of items.")
    return [_csl_entry(item, position) for position, item in enumerate(items, start=1)]


def _csl_entry(item, position: int) -> FileEntry:
    if not isinstance(item, dict):
        return FileEntry(f"item {position}", problem="not an item (expected an object)")
    label = clean_text(item.get("id")) or f"item {position}"
    title = clean_text(item.get("title"))
    if not title:
        return FileEntry(label, problem="no title")
    issued = item.get("issued") if isinstance(item.get("issued"), dict) else {}
    if parts := issued.get("date-parts"):
        published_on, precision = date_from_parts(parts[0] if isinstance(parts[0], list) else [])
    else:
        published_on, precision = parse_date(clean_text(issued.get("raw")))
    return FileEntry(
        label,
        FoundSource(
            kind=CSL_KINDS.get(item.get("type"), "other"),
            authors=[name for name in map(_csl_name, item.get("author") or []) if name],
            title=title,
            short_title=clean_text(item.get("title-short") or item.get("shortTitle")),
            container=clean_text(item.get("container-title")),
            publisher=clean_text(item.get("publisher")),
            published_on=published_on,
            date_precision=precision,
            url=clean_text(item.get("URL")),
            doi=normalise_doi(clean_text(item.get("DOI"))),
            isbn=normalise_isbn(clean_text(item.get("ISBN")).split(" ")[0]),
        ),
    )


def _csl_name(name) -> str:
    if not isinstance(name, dict):
        return ""
    if literal := clean_text(name.get("literal")):
        return f"{{{literal}}}"
    return " ".join(filter(None, (clean_text(name.get(k)) for k in ("given", "family"))))


class _LatexWhereUsed(LatexDecodingMiddleware):
    """Decodes only entries holding a LaTeX command (R{\\'e}sum{\\'e}): decoding every entry
    took 95% of reading a file (bench/source_import_bench.py). Braced groups are kept so an
    organisation author, {World Bank}, stays one name."""

    def transform_entry(self, entry, library):
        if "\\" not in (entry.raw or ""):
            return entry
        return super().transform_entry(entry, library)


def read_bibtex(text: str, name: str = "the file") -> list[FileEntry]:
    library = bibtexparser.parse_string(
        text, append_middleware=[_LatexWhereUsed(keep_braced_groups=True)]
    )
    if not library.entries and not library.failed_blocks:
        raise Unreadable(f"{name} holds no BibTeX entries or CSL-JSON items.")
    entries = [(block.start_line, _bibtex_entry(block)) for block in library.entries]
    entries += [
        (block.start_line, FileEntry(_failed_label(block), problem=_failure(block)))
        for block in library.failed_blocks
    ]
    return [entry for _, entry in sorted(entries, key=lambda pair: pair[0])]


def _bibtex_entry(entry) -> FileEntry:
    fields = {key.lower(): clean_text(field.value) for key, field in entry.fields_dict.items()}
    title = _unbraced(fields.get("title", ""))
    if not title:
        return FileEntry(entry.key, problem="no title")
    date_text = fields.get("date") or " ".join(
        filter(None, (fields.get("month", ""), fields.get("year", "")))
    )
    published_on, precision = parse_date(date_text)
    kind = BIBTEX_KINDS.get(entry.entry_type.lower(), "other")
    if kind == "web" and not fields.get("url"):
        kind = "other"
    return FileEntry(
        entry.key,
        FoundSource(
            kind=kind,
            authors=_bibtex_names(fields.get("author") or fields.get("editor", "")),
            title=title,
            short_title=_unbraced(fields.get("shorttitle", "")),
            container=_unbraced(
                fields.get("journal") or fields.get("journaltitle") or fields.get("booktitle", "")
            ),
            publisher=_unbraced(fields.get("publisher") or fields.get("institution", "")),
            published_on=published_on,
            date_precision=precision,
            url=fields.get("url", ""),
            doi=normalise_doi(fields.get("doi", "")),
            isbn=normalise_isbn(fields.get("isbn", "")),
        ),
    )


def _bibtex_names(text: str) -> list[str]:
    """ "Doe, Jane and {World Bank}" -> ["Jane Doe", "{World Bank}"]."""
    names, depth, start = [], 0, 0
    for match in re.finditer(r"[{}]|\sand\s", text):
        token = match.group(0)
        depth += {"{": 1, "}": -1}.get(token, 0)
        if depth == 0 and token.strip() == "and":
            names.append(text[start : match.start()])
            start = match.end()
    names.append(text[start:])
    return [_person(name.strip()) for name in names if name.strip()]


def _person(name: str) -> str:
    if name.startswith("{") and name.endswith("}"):
        return "{" + _unbraced(name) + "}"
    return given_first(_unbraced(name))


def _unbraced(text: str) -> str:
    return " ".join(text.replace("{", "").replace("}", "").split())


def _failed_label(block) -> str:
    key = re.match(r"\s*@\w+\s*[{(]\s*([^,\s]+)", block.raw or "")
    return key.group(1) if key else f"line {block.start_line + 1}"


def _failure(block) -> str:
    error = getattr(block, "error", None)
    reason = getattr(error, "abort_reason", "") or str(error or "") or "not valid BibTeX"
    return " ".join(reason.split())[:200]


def dump_entries(entries: list[FileEntry]) -> list[dict]:
    """Entries as JSON-ready dicts (dates in ISO form), for carrying a preview to the import."""
    return [
        {
            "label": entry.label,
            "problem": entry.problem,
            "record": entry.record
            and entry.record.model_fields()
            | {
                "authors": entry.record.authors,
                "published_on": entry.record.published_on and entry.record.published_on.isoformat(),
                "accessed_on": None,
            },
        }
        for entry in entries
    ]


def load_entries(data: list[dict]) -> list[FileEntry]:
    """The entries dump_entries gave (from a signed payload: trusted to be ours)."""
    entries = []
    for item in data:
        record = item["record"]
        if record is not None:
            published_on = record["published_on"]
            record = FoundSource(
                **record
                | {"published_on": published_on and datetime.date.fromisoformat(published_on)}
            )
        entries.append(FileEntry(item["label"], record, item["problem"]))
    return entries
