"""Comments on a passage: the anchor a post names, checked against the essay, and what the
essay page shows of them (a control and a count beside each paragraph, the quote above a
comment).

A comment keeps its paragraph's id and the words it quoted. Ids are hashes of a paragraph's
text (essays/paragraphs.py), so an edit elsewhere leaves them; when the paragraph itself is
edited its id goes, and the quote finds it again if its words are still there.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection
from dataclasses import dataclass
from html import escape

from django.utils.safestring import SafeString, mark_safe

from comments.models import Comment
from essays.models import Essay
from essays.paragraphs import PARAGRAPH_ID_RE, Paragraph, paragraphs

QUOTE_MAX = Comment._meta.get_field("anchor_quote").max_length
# A posted quote longer than this is not a quote: only its start is read.
QUOTE_READ = 2000
ELLIPSIS = "…"


@dataclass(frozen=True)
class Anchor:
    id: str
    quote: str


def passage_param(value: object) -> str | None:
    """A paragraph id from a request (`?passage=`, a form field), or None if it is not one."""
    if isinstance(value, str) and PARAGRAPH_ID_RE.fullmatch(value):
        return value
    return None


def normalise(text: str) -> str:
    """Spaces collapsed and Unicode composed, as essays.paragraphs stores paragraph text."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def excerpt(text: str) -> str:
    """`text` whole if it fits the stored quote, else its start, cut at a word, with "…"."""
    if len(text) <= QUOTE_MAX:
        return text
    start = text[: QUOTE_MAX - 1]
    return (start.rsplit(" ", 1)[0] if " " in start else start) + ELLIPSIS


def quote_in(paragraph: Paragraph, quote: str) -> str:
    """The quote if the paragraph holds it (spacing aside), else the paragraph's start."""
    sent = normalise(quote[:QUOTE_READ])
    wanted = sent.removesuffix(ELLIPSIS).strip()
    if wanted and wanted in paragraph.text:
        # A quote cut short (passages.js cuts the paragraph's start) keeps its "…".
        cut = sent.endswith(ELLIPSIS) and not paragraph.text.endswith(wanted)
        return excerpt(wanted + ELLIPSIS if cut else wanted)
    return excerpt(paragraph.text)


def anchor_for_post(body_html: str, *, anchor_id: str, quote: str) -> Anchor | None:
    """The anchor a post names, if its paragraph is in the essay; None makes the comment a
    general one (its text is kept either way)."""
    if not passage_param(anchor_id):
        return None
    found = next((p for p in paragraphs(body_html) if p.id == anchor_id), None)
    return Anchor(found.id, quote_in(found, quote)) if found else None


def paragraph_now(anchor_id: str, quote: str, current: list[Paragraph]) -> str | None:
    """Where an anchored comment's paragraph is now: its id, or the paragraph holding its
    quote after an edit, or None when neither is left."""
    if any(p.id == anchor_id for p in current):
        return anchor_id
    wanted = quote.removesuffix(ELLIPSIS)
    return next((p.id for p in current if wanted and wanted in p.text), None)


@dataclass(frozen=True)
class EssayPassages:
    body_html: SafeString  # the essay's body with a control (and a count) per paragraph
    quotes: dict[int, str]  # comment pk -> the quoted passage shown above its text


def essay_passages(
    *, essay: Essay, own_ids=(), shown_ids: Collection[int] = (), comments_open: bool
) -> EssayPassages:
    """The page's passages, in one query: anchored comments the reader may see.

    Counts are of public comments only, so the page stays the same for every reader;
    `shown_ids` are the comments on this page of threads, which a count jumps to directly.
    """
    current = paragraphs(essay.body_html)
    rows = (
        Comment.objects.filter(essay=essay)
        .visible_to(own_ids=own_ids)
        .exclude(anchor_id="")
        .order_by("submitted_at", "pk")
        .values_list("pk", "anchor_id", "anchor_quote", "status")
    )
    public: dict[str, list[int]] = {}
    quotes = {}
    for pk, anchor_id, quote, status in rows:
        where = paragraph_now(anchor_id, quote, current)
        quotes[pk] = passage_quote_html(quote, where)
        if where and status == Comment.Status.APPROVED:
            public.setdefault(where, []).append(pk)
    return EssayPassages(
        body_html=_with_controls(essay, current, public, set(shown_ids), comments_open),
        quotes=quotes,
    )


def passage_quote_html(quote: str, paragraph_id: str | None) -> str:
    """The quoted passage above a comment, linking back to its paragraph while it exists."""
    if paragraph_id:
        label = f'<a class="comment__passage-link" href="#{paragraph_id}">On this passage</a>'
    else:
        label = '<span class="comment__passage-link">On a passage since revised</span>'
    return f'<div class="comment__passage">{label}<blockquote>{escape(quote)}</blockquote></div>'


# A block whose words end inside another (a quotation's last paragraph, a list item's
# nested list) takes its controls there, on its last line of text, not on a line of their own.
_LAST_LINE_RE = re.compile(r"</(?:p|li|figcaption)>\s*(?:</(?:ul|ol|blockquote)>\s*)*$")


def _with_controls(essay, current, public, shown_ids, comments_open) -> SafeString:
    html = essay.body_html
    parts, position = [], 0
    for paragraph in current:
        pks = public.get(paragraph.id, [])
        if not pks and not comments_open:
            continue
        end = paragraph.close_start
        inner = _LAST_LINE_RE.search(html, position, end)
        end = inner.start() if inner else end
        parts += [html[position:end], _controls(essay, paragraph, pks, shown_ids, comments_open)]
        position = end
    parts.append(html[position:])
    return mark_safe("".join(parts))  # noqa: S308 - stored sanitised HTML and our escaped markup


def _controls(essay, paragraph, pks, shown_ids, comments_open) -> str:
    """A paragraph's margin: how many comments it has (a link to the first) and the control
    to comment on it, a link that works without JavaScript (passages.js fills the form)."""
    parts = ['<span class="passage">']
    if pks:
        first = next((pk for pk in pks if pk in shown_ids), None)
        href = f"#comment-{first}" if first else Comment(pk=pks[0], essay=essay).get_absolute_url()
        count = len(pks)
        parts.append(
            f'<a class="passage__count" href="{escape(href)}">'
            f'<span class="visually-hidden">{count} comment{"s" if count > 1 else ""} on '
            f'this passage</span><span aria-hidden="true">{count}</span></a>'
        )
    if comments_open:
        parts.append(
            f'<a class="passage__respond" href="?passage={paragraph.id}#respond" '
            f'data-passage="{paragraph.id}"><span class="visually-hidden">Comment on this '
            f"passage</span></a>"
        )
    parts.append("</span>")
    return "".join(parts)


def form_passage(form, body_html: str, requested: object = None) -> Anchor | None:
    """The passage the comment form answers: the one it was posted with, or for an empty form
    the `?passage=` of a link followed without JavaScript (filled in as its initial value)."""
    if form.is_bound:
        return anchor_for_post(
            body_html,
            anchor_id=str(form.data.get("anchor_id", "")),
            quote=str(form.data.get("anchor_quote", "")),
        )
    anchor = anchor_for_post(body_html, anchor_id=str(requested or ""), quote="")
    if anchor:
        form.initial.update(anchor_id=anchor.id, anchor_quote=anchor.quote)
    return anchor


def shown_comment_ids(nodes) -> set[int]:
    """The ids of the comments in a page of threads (comments.selectors.CommentNode)."""
    ids: set[int] = set()
    for node in nodes:
        ids.add(node.comment.pk)
        ids |= shown_comment_ids(node.replies)
    return ids
