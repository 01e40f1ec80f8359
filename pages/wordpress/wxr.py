"""Reading WordPress's export format (WXR 1.0 to 1.2) as a stream, in constant memory.

defusedxml refuses DTDs and entity declarations, so a billion-laughs file cannot expand; each
<item> is dropped from the tree once read. Two passes: the first reads the channel (version,
authors) and every attachment, and meets any truncation before anything is written; the
second yields the posts.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse

VERSIONS = ("1.0", "1.1", "1.2")
_WP_NAMESPACE = "http://wordpress.org/export/"
_PREFIXES = {
    "http://purl.org/rss/1.0/modules/content/": "content",
    "http://purl.org/dc/elements/1.1/": "dc",
    "http://wellformedweb.org/CommentAPI/": "wfw",
}


class WXRError(Exception):
    """The file is not a WordPress export this importer can read; nothing was imported."""


@dataclass
class WxrAuthor:
    id: str
    login: str
    display_name: str
    email: str = ""


@dataclass
class WxrChannel:
    version: str = ""
    base_url: str = ""
    authors: dict[str, WxrAuthor] = field(default_factory=dict)  # by login


@dataclass
class WxrComment:
    id: str
    author: str
    email: str
    url: str
    ip: str
    date_gmt: str
    date: str
    content: str
    approved: str
    type: str
    parent: str
    user_id: str
    agent: str = ""


@dataclass
class WxrPost:
    id: str
    type: str
    status: str
    title: str
    slug: str
    link: str
    content: str
    excerpt: str
    creator: str
    date: str
    date_gmt: str
    parent: str = "0"
    attachment_url: str = ""
    comment_status: str = "open"
    terms: list[tuple[str, str, str]] = field(default_factory=list)  # domain, slug, name
    meta: dict[str, str] = field(default_factory=dict)
    comments: list[WxrComment] = field(default_factory=list)


def read_index(path) -> tuple[WxrChannel, dict[str, WxrPost]]:
    """The channel and the attachments (by post id); reads the whole file once."""
    channel: WxrChannel | None = None
    attachments: dict[str, WxrPost] = {}
    for found in _walk(path):
        if isinstance(found, WxrChannel):
            channel = found
        elif found.type == "attachment":
            found.content = ""  # keep only what a lookup needs
            attachments[found.id] = found
    if channel is None:
        raise WXRError("The file has no <channel>: it is not a WordPress export.")
    return channel, attachments


def iter_posts(path) -> Iterator[WxrPost]:
    """Every item that is not an attachment, in file order."""
    for found in _walk(path):
        if isinstance(found, WxrPost) and found.type != "attachment":
            yield found


def _walk(path) -> Iterator[WxrChannel | WxrPost]:
    """Yield the channel once (before the first item) and then each item."""
    channel = WxrChannel()
    channel_sent = False
    parent: Element | None = None
    root_seen = False
    try:
        for event, element in iterparse(path, events=("start", "end"), forbid_dtd=True):
            name = _name(element.tag)
            if event == "start":
                if not root_seen and name != "rss":
                    raise WXRError(f"The file starts with <{name}>, not <rss>: not a WXR file.")
                root_seen = True
                if name == "channel":
                    parent = element
                continue
            if name == "wp:wxr_version":
                channel.version = (element.text or "").strip()
                _check_version(channel.version)
            elif name == "wp:base_site_url":
                channel.base_url = (element.text or "").strip().rstrip("/")
            elif name == "wp:author":
                author = _author(element)
                channel.authors[author.login] = author
            elif name == "item":
                if not channel_sent:
                    _check_version(channel.version)
                    channel_sent = True
                    yield channel
                yield _post(element)
                if parent is not None:
                    parent.remove(element)
        if not channel_sent:
            _check_version(channel.version)
            yield channel
    except ParseError as error:
        line = error.position[0] if error.position else "?"
        raise WXRError(
            f"The file is not well-formed XML (line {line}): it may be truncated or not a "
            f"WordPress export. {error}"
        ) from None
    except DefusedXmlException as error:
        raise WXRError(
            f"The file declares a DTD or entities, which an export never does: "
            f"refused ({type(error).__name__})."
        ) from None


def _check_version(version: str) -> None:
    if not version:
        raise WXRError("No <wp:wxr_version> before the first item: not a WordPress export.")
    if version not in VERSIONS:
        raise WXRError(
            f"WXR version {version} is not one this importer knows ({', '.join(VERSIONS)}). "
            "Export again from WordPress, or check that this is a WordPress export."
        )


def _name(tag: str) -> str:
    """`{namespace}local` as the prefix WordPress writes: wp:post_id, content:encoded."""
    if not tag.startswith("{"):
        return tag
    namespace, local = tag[1:].split("}", 1)
    if namespace.startswith(_WP_NAMESPACE):
        return f"{'excerpt' if namespace.endswith('/excerpt/') else 'wp'}:{local}"
    return f"{_PREFIXES.get(namespace, namespace)}:{local}"


def _texts(element: Element) -> dict[str, str]:
    return {_name(child.tag): (child.text or "") for child in element}


def _author(element: Element) -> WxrAuthor:
    texts = _texts(element)
    return WxrAuthor(
        id=texts.get("wp:author_id", ""),
        login=texts.get("wp:author_login", ""),
        display_name=texts.get("wp:author_display_name", ""),
        email=texts.get("wp:author_email", ""),
    )


def _post(element: Element) -> WxrPost:
    texts = _texts(element)
    post = WxrPost(
        id=texts.get("wp:post_id", "").strip(),
        type=texts.get("wp:post_type", "post").strip(),
        status=texts.get("wp:status", "").strip(),
        title=texts.get("title", ""),
        slug=texts.get("wp:post_name", "").strip(),
        link=texts.get("link", "").strip(),
        content=texts.get("content:encoded", ""),
        excerpt=texts.get("excerpt:encoded", ""),
        creator=texts.get("dc:creator", "").strip(),
        date=texts.get("wp:post_date", "").strip(),
        date_gmt=texts.get("wp:post_date_gmt", "").strip(),
        parent=texts.get("wp:post_parent", "0").strip(),
        attachment_url=texts.get("wp:attachment_url", "").strip(),
        comment_status=texts.get("wp:comment_status", "open").strip(),
    )
    for child in element:
        name = _name(child.tag)
        if name == "category":
            post.terms.append(
                (child.get("domain", ""), child.get("nicename", ""), child.text or "")
            )
        elif name == "wp:postmeta":
            meta = _texts(child)
            post.meta[meta.get("wp:meta_key", "")] = meta.get("wp:meta_value", "")
        elif name == "wp:comment":
            post.comments.append(_comment(_texts(child)))
    return post


def _comment(texts: dict[str, str]) -> WxrComment:
    return WxrComment(
        id=texts.get("wp:comment_id", "").strip(),
        author=texts.get("wp:comment_author", ""),
        email=texts.get("wp:comment_author_email", ""),
        url=texts.get("wp:comment_author_url", ""),
        ip=texts.get("wp:comment_author_IP", ""),
        date_gmt=texts.get("wp:comment_date_gmt", "").strip(),
        date=texts.get("wp:comment_date", "").strip(),
        content=texts.get("wp:comment_content", ""),
        approved=texts.get("wp:comment_approved", "").strip(),
        type=texts.get("wp:comment_type", "").strip(),
        parent=texts.get("wp:comment_parent", "0").strip(),
        user_id=texts.get("wp:comment_user_id", "0").strip(),
        agent=texts.get("wp:comment_agent", ""),
    )
