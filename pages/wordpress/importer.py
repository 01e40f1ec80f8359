"""The import of a WordPress export: essays through essays.imports, comments through
comments.services, each post with its comments in one transaction."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.db import transaction
from django.utils import timezone

from comments.models import Comment
from comments.services import ImportedComment, essay_comments_touch
from comments.services.imports import comments_import
from essays.imports import AuthorData, EssayImportData, HeroImage, essay_import
from essays.imports import wordpress_to_markdown as to_markdown
from pages.wordpress.images import ImageSource, store_body_image
from pages.wordpress.report import ImportReport
from pages.wordpress.wxr import WxrChannel, WxrComment, WXRError, WxrPost, iter_posts, read_index

# WordPress post status -> published here (a future date keeps it scheduled), or a draft.
PUBLISHED_STATUSES = {"publish", "future"}
DRAFT_STATUSES = {"draft", "pending", "private"}
COMMENT_STATUSES = {
    "1": Comment.Status.APPROVED,
    "0": Comment.Status.PENDING,
    "spam": Comment.Status.SPAM,
    "trash": Comment.Status.TRASH,
    "post-trashed": Comment.Status.TRASH,
}
SKIPPED_TERMS = {"uncategorized"}


@dataclass
class ImportOptions:
    dry_run: bool = False
    uploads: Path | None = None
    author_map: dict[str, object] = field(default_factory=dict)  # WordPress login -> User
    include_pages: bool = False
    fetch_images: bool = True


def import_wordpress(path, *, options: ImportOptions | None = None) -> ImportReport:
    """Import the export at `path` (a path or a binary file); the report says what happened.

    A file that cannot be read stops before anything is written; a post that fails stops the
    import there, with nothing of that post written and the posts before it kept.
    """
    options = options or ImportOptions()
    report = ImportReport(dry_run=options.dry_run)
    try:
        channel, attachments = read_index(path)
        _rewind(path)
        run = _Run(channel, attachments, options, report)
        if options.dry_run:
            with transaction.atomic():
                run.all_posts(path)
                transaction.set_rollback(True)
        else:
            run.all_posts(path)
    except WXRError as error:
        report.error = str(error)
    return report


def _rewind(path) -> None:
    if hasattr(path, "seek"):
        path.seek(0)


class _Run:
    def __init__(self, channel: WxrChannel, attachments: dict, options, report) -> None:
        self.channel, self.attachments = channel, attachments
        self.options, self.report = options, report
        self.site = urlsplit(channel.base_url).netloc or "wordpress"
        self.base_path = urlsplit(channel.base_url).path.rstrip("/")
        self.images = ImageSource(uploads=options.uploads, fetch_missing=options.fetch_images)
        self.children = defaultdict(list)  # post id -> its attachments
        for attachment in attachments.values():
            self.children[attachment.parent].append(attachment)
        self.logins = {author.id: login for login, author in channel.authors.items()}

    def all_posts(self, path) -> None:
        for post in iter_posts(path):
            try:
                with transaction.atomic():
                    self.post(post)
            except WXRError:
                raise
            except Exception as error:  # anything: the report names the post, then stops
                self.report.error = (
                    f"post {post.id} (“{post.title}”) failed and nothing of it was written: "
                    f"{type(error).__name__}: {error}"
                )
                return

    def post(self, post: WxrPost) -> None:
        kind = f"{post.type}s"
        wanted = post.type == "post" or (post.type == "page" and self.options.include_pages)
        if not wanted or post.status not in PUBLISHED_STATUSES | DRAFT_STATUSES:
            self.report.count(kind, f"{post.status or 'no status'}, skipped")
            return
        self.report.count(kind, post.status)
        if post.status == "private":
            self.report.warn(f"post {post.id}", "private in WordPress; imported as a draft.")
        markup = to_markdown(post.content, footnotes_meta=post.meta.get("footnotes", ""))
        result = essay_import(data=self.essay_data(post, markup))
        self.report.created[kind] += result.created
        self.record_notes(post, result, markup)
        self.comments(post, result.essay)

    def essay_data(self, post: WxrPost, markup) -> EssayImportData:
        body = markup.body
        for src in dict.fromkeys(markup.images):
            if new := self.body_image(post, src):
                body = body.replace(src, new)
        login = post.creator
        author = self.channel.authors.get(login)
        return EssayImportData(
            import_key=f"wordpress:{self.site}:{post.id}",
            title=post.title,
            slug=unquote(post.slug),
            body=body,
            publish_at=_moment(post.date_gmt, post.date),
            published=post.status in PUBLISHED_STATUSES,
            comments_closed=post.comment_status == "closed",
            dek=" ".join(post.excerpt.split()),
            authors=[
                AuthorData(
                    key=login or "wordpress",
                    name=(author.display_name if author else "") or login or "WordPress",
                    user=self.options.author_map.get(login),
                )
            ],
            topics=[
                (slug or name, name)
                for domain, slug, name in post.terms
                if domain in ("category", "post_tag") and slug not in SKIPPED_TERMS
            ],
            hero=self.hero(post),
            old_paths=self.old_paths(post),
        )

    def body_image(self, post: WxrPost, src: str) -> str | None:
        """The new address of an image of the old site shown in a body; None: left as is."""
        if not (src.startswith(self.channel.base_url) or src.startswith("/wp-content/")):
            return None
        found = self.images.find(src)
        if found.content is None:
            self.report.images_missing.append((post.id, f"{src} {found.problem}"))
            return None
        self.report.images_copied += 1
        return None if self.options.dry_run else store_body_image(found)

    def hero(self, post: WxrPost) -> HeroImage | None:
        attachment = self.attachments.get(post.meta.get("_thumbnail_id", "").strip())
        if attachment is None:
            return None
        found = self.images.find(attachment.attachment_url)
        if found.content is None:
            self.report.images_missing.append(
                (post.id, f"{attachment.attachment_url} {found.problem} (featured image)")
            )
            return None
        self.report.images_copied += 1
        if self.options.dry_run:
            return None  # a dry run writes no files
        return HeroImage(
            name=found.name,
            content=found.content,
            alt=attachment.meta.get("_wp_attachment_image_alt", ""),
            caption=" ".join(attachment.excerpt.split()),
        )

    def old_paths(self, post: WxrPost) -> list[str]:
        """The permalink, /?p=ID, and the pages of the post's attachments."""
        paths = [_path(post.link), f"{self.base_path}/?p={post.id}"]
        if post.type == "page":
            paths.append(f"{self.base_path}/?page_id={post.id}")
        for attachment in self.children.get(post.id, []):
            paths += [_path(attachment.link), f"{self.base_path}/?attachment_id={attachment.id}"]
        return [path for path in dict.fromkeys(paths) if path and path != "/"]

    def record_notes(self, post: WxrPost, result, markup) -> None:
        report, key = self.report, f"post {post.id}"
        created = len(result.notes.footnotes_created)
        report.notes_converted += created - result.commentary_notes
        report.notes_commentary += result.commentary_notes
        report.sources_created += len(result.notes.sources_created)
        report.sources_reused += len(result.notes.sources_reused)
        for warning in result.warnings:
            report.warn(key, warning)
        for name in markup.kept_html:
            report.warn(key, f"a <{name}> Markdown cannot express was kept as sanitised HTML.")
        for name in sorted(set(markup.removed)):
            report.warn(key, f"<{name}> is not allowed in essays and was removed.")
        for name in markup.shortcodes:
            report.warn(key, f"the shortcode [{name}] was left in the text as it was.")

    def comments(self, post: WxrPost, essay) -> None:
        """The post's comments, parents first, imported together (comments_import)."""
        if not post.comments:
            return
        wanted = []
        for wp in _parents_first(post.comments, self.report):
            if wp.type in ("", "comment"):
                wanted.append(wp)
            else:
                self.report.count("comments", f"{wp.type}, skipped")
        results = comments_import(essay=essay, comments=[self.comment_data(wp) for wp in wanted])
        for wp in wanted:
            self.record_comment(wp, results[self.comment_key(wp.id)])
        essay_comments_touch(essay_id=essay.pk)

    def comment_key(self, wordpress_id: str) -> str:
        return f"wordpress:{self.site}:comment:{wordpress_id}"

    def comment_data(self, wp: WxrComment) -> ImportedComment:
        status = COMMENT_STATUSES.get(wp.approved, Comment.Status.PENDING)
        if wp.approved not in COMMENT_STATUSES:
            self.report.warn(f"comment {wp.id}", f"unknown status {wp.approved!r}; held.")
        self.report.count("comments", status)
        login = self.logins.get(wp.user_id)
        return ImportedComment(
            import_key=self.comment_key(wp.id),
            author_name=wp.author,
            author_email=wp.email,
            author_url=wp.url,
            body=wp.content,
            status=status,
            submitted_at=_moment(wp.date_gmt, wp.date),
            ip_address=wp.ip,
            user_agent=wp.agent,
            user=self.options.author_map.get(login),
            from_editors=wp.user_id not in ("", "0"),
            parent_key=self.comment_key(wp.parent) if wp.parent not in ("", "0") else "",
        )

    def record_comment(self, wp: WxrComment, result) -> None:
        if result is None:
            self.report.warn(
                f"comment {wp.id}",
                "the same text from the same address is already on this essay; skipped.",
            )
            return
        if wp.parent not in ("", "0") and result.comment.parent is None and not result.moved_up:
            self.report.rethreaded.append((wp.id, f"its parent {wp.parent} is not in the file"))
        self.report.created["comments"] += result.created
        for warning in result.warnings:
            self.report.warn(f"comment {wp.id}", warning)
        if result.moved_up:
            new_parent = _wordpress_id(result.comment.parent)
            why = f"{result.moved_up} level(s) too deep; now a reply to comment {new_parent}"
            self.report.rethreaded.append((wp.id, why))


def _parents_first(comments: list[WxrComment], report: ImportReport) -> list[WxrComment]:
    """Each comment after its parent, in file order otherwise; a parent loop is reported."""
    ids = {comment.id for comment in comments}
    children = defaultdict(list)
    for comment in comments:
        children[comment.parent if comment.parent in ids else "0"].append(comment)
    ordered, stack = [], list(reversed(children["0"]))
    while stack:
        comment = stack.pop()
        ordered.append(comment)
        stack.extend(reversed(children.get(comment.id, [])))
    placed = {id(comment) for comment in ordered}
    for comment in comments:
        if id(comment) not in placed:
            report.warn(f"comment {comment.id}", "its replies form a loop; skipped.")
    return ordered


def _wordpress_id(comment: Comment | None) -> str:
    return comment.import_key.rsplit(":", 1)[-1] if comment else "none (top level)"


def _path(link: str) -> str:
    parts = urlsplit(link)
    return unquote(parts.path) + (f"?{parts.query}" if parts.query else "")


def _moment(gmt: str, local: str) -> datetime.datetime:
    """The GMT field (time zones right); drafts have none, so their local time is read."""
    for value, zone in ((gmt, datetime.UTC), (local, timezone.get_current_timezone())):
        try:
            moment = datetime.datetime.strptime(value, "%Y-%m-%d %H:%M:%S")
        except ValueError:
            continue
        return moment.replace(tzinfo=zone)
    return timezone.now()
