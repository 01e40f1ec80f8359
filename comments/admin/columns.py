"""What a moderator sees of each comment, in the queue and on its page.

Every value is escaped (esc, or format_html). body_html is the exception: it was sanitised when it
was saved (comments.sanitizing) and is shown as readers see it.
"""

from __future__ import annotations

from html import escape

from django.contrib import admin
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.text import Truncator

from comments.admin.actions import ACTIONS, ROW_ACTIONS
from comments.admin.queue import PageUrls, annotate_page
from comments.admin.reasons import decision_html
from comments.models import Comment
from comments.sanitizing import comment_plain_text, extract_links


def page_urls(comment: Comment) -> PageUrls:
    """The URLs of the page the row is on (ModerationChangeList sets `page_urls`), or of a
    page of its own: on the comment's change page, in an inline update, in tests."""
    return getattr(comment, "page_urls", None) or PageUrls()


def action_url(comment: Comment, name: str) -> str:
    """The one-click URL, with the content version the button shows (refused once edited)."""
    url = page_urls(comment).for_comment("admin:comments_comment_moderate", comment.pk, name)
    return f"{url}?version={int(comment.content_version)}"


def action_href(comment: Comment, name: str) -> str:
    """action_url(), escaped for an href."""
    url = page_urls(comment).for_comment_href("admin:comments_comment_moderate", comment.pk, name)
    return f"{url}?version={int(comment.content_version)}"


# What the list may be filtered by, besides its tabs: each a link in a row (filter_url).
LINK_FILTERS = ("author_email", "author_url", "ip_address", "essay__id__exact")


def filter_url(comment: Comment, *, tab: str | None = None, **lookup) -> str:
    """The comment list filtered by one of LINK_FILTERS, in the tab the row was shown in
    (ModerationChangeList sets `shown_in_tab`) unless `tab` names another."""
    tab = tab or getattr(comment, "shown_in_tab", "all")
    return page_urls(comment).filtered(tab, lookup)


def filter_href(comment: Comment, *, tab: str | None = None, **lookup) -> str:
    """filter_url(), escaped for an href (a row prints five)."""
    return page_urls(comment).filtered_href(tab or getattr(comment, "shown_in_tab", "all"), lookup)


# What get_status_display() and get_verdict_display() give, without building a dict a row.
STATUS_LABELS = dict(Comment.Status.choices)
VERDICT_LABELS = dict(Comment.Verdict.choices)

# The changelist form's field that carries "<comment id>:<content_version>" for each row.
SEEN_VERSION_FIELD = "seen_version"


def esc(value) -> str:
    """What format_html does to a value that is not already safe HTML."""
    return escape(str(value))


# The queue's columns return SafeString(...) of strings whose every value went through esc():
# what mark_safe returns for a str, without its check for lazy strings, 250 times a page.


def _excerpt(comment: Comment, length: int) -> str:
    return Truncator(comment_plain_text(comment.body_html)).chars(length)


class CommentColumns:
    """Display methods for CommentAdmin. The queue's columns join escaped strings: fifty rows
    of format_html calls were most of the page's time (bench/queue_render_bench.py)."""

    @admin.display(description="Author")
    def author_column(self, comment):
        approved, spam = getattr(comment, "author_counts", (None, None))
        email, website, ip = comment.author_email, comment.author_url, comment.ip_address
        if website:
            website = (
                f'<br><a class="cm-url" href="{filter_href(comment, author_url=website)}" '
                f'title="Comments with this website">{esc(website)}</a>'
            )
        if ip:
            ip = (
                f'<a href="{filter_href(comment, ip_address=ip)}" '
                f'title="Comments from this address">{esc(ip)}</a>'
            )
        history = approved is not None and (
            '<br><span class="cm-history">'
            f'<a href="{filter_href(comment, tab="approved", author_email=email)}">'
            f"{int(approved)} approved</a> · "
            f'<a href="{filter_href(comment, tab="spam", author_email=email)}">'
            f"{int(spam)} spam</a></span>"
        )
        return SafeString(  # every value in it is escaped
            f"<strong><bdi>{esc(comment.author_name)}</bdi></strong><br>"
            f'<a class="cm-email" href="{filter_href(comment, author_email=email)}" '
            f'title="Comments from this email address">{esc(email)}</a>{website or ""}'
            f'<br><span class="cm-ip">IP {ip or "unknown"}</span>{history or ""}'
        )

    @admin.display(description="Comment")
    def comment_column(self, comment):
        essay_url = page_urls(comment).essay(comment.essay)
        reply = comment.parent_id and (
            f'<blockquote class="cm-parent">In reply to <bdi>{esc(comment.parent.author_name)}'
            f"</bdi>: {esc(_excerpt(comment.parent, 160))}</blockquote>"
        )
        # The passage a comment answers, as the reader quoted it (comments/passages.py).
        passage = comment.anchor_quote and (
            '<blockquote class="cm-parent cm-passage">On the passage '
            f'<a href="{esc(essay_url)}#{esc(comment.anchor_id)}" '
            f'title="The passage in the essay">“{esc(comment.anchor_quote)}”</a></blockquote>'
        )
        on_essay = filter_href(comment, essay__id__exact=comment.essay_id)
        return SafeString(  # every value in it is escaped, body_html was sanitised
            f'<p class="cm-on">On <a href="{on_essay}" title="Comments on this essay">'
            f"{esc(comment.essay.title)}</a> "
            f'<a href="{esc(essay_url)}" class="cm-view" title="The essay as readers see it">'
            f"view</a></p>{reply or passage or ''}"
            f"{self.rendered_body(comment)}{self.links_revealed(comment)}"
        )

    @admin.display(description="Spam check")
    def check_column(self, comment):
        if comment.check_state == Comment.CheckState.UNCHECKED:
            error = comment.check_error and f"<br>Last error: {esc(comment.check_error)}"
            verdict = (
                '<span class="cm-verdict cm-verdict--unchecked">Not checked yet</span>'
                f"{error or ''}"
            )
        else:
            checker = comment.verdict_checker or "an unknown checker"
            verdict = (
                f'<span class="cm-verdict cm-verdict--{esc(comment.verdict or "none")}">'
                f"{esc(VERDICT_LABELS.get(comment.verdict, comment.verdict))}</span> "
                f'<span class="cm-checker">by {esc(checker)}</span>'
            )
        decision = decision_html(comment, lambda code: filter_url(comment, reason=code))
        return SafeString(  # every value in it is escaped
            f"{verdict}{decision}{self._moderator_note(comment)}"
        )

    def _moderator_note(self, comment) -> str:
        note = getattr(comment, "moderator_note", None)
        if note is None:
            return ""
        who = note.actor_name or "a moderator"  # annotate_page's notes carry it
        return f'<p class="cm-note">Moderator ({esc(who)}): {esc(note.note)}</p>'

    @admin.display(description="Submitted", ordering="submitted_at")
    def submitted(self, comment):
        at = comment.submitted_at
        # What timezone.localtime(at) gives, in the zone ModerationChangeList looked up once.
        zone = getattr(comment, "shown_in_zone", None) or timezone.get_current_timezone()
        return SafeString(  # every value in it is escaped
            f'<time datetime="{esc(at.isoformat())}">'
            f"{esc(at.astimezone(zone).strftime('%Y-%m-%d %H:%M'))}</time><br>"
            f'<span class="cm-status cm-status--{esc(comment.status)}">'
            f"{esc(STATUS_LABELS.get(comment.status, comment.status))}</span>"
        )

    @admin.display(description="Actions")
    def row_actions(self, comment):
        # The buttons belong to the one form outside the changelist's own form (nested forms
        # are invalid HTML): see templates/admin/comments/comment/change_list.html. The hidden
        # input is in the changelist's form: bulk actions learn which version each row showed.
        buttons = " ".join(
            f'<button type="submit" form="cm-row-action" '
            f'formaction="{action_href(comment, name)}" class="button cm-action '
            f'cm-action--{name}" data-shortcut="{ACTIONS[name].shortcut}">'
            f"{esc(ACTIONS[name].label)}</button>"
            for name in ROW_ACTIONS.get(comment.status, [])
        )
        # Links to pages of their own; with JavaScript they open a form inside the row.
        urls = page_urls(comment)
        back = urls.next_query_href(getattr(comment, "shown_at", "") or urls.changelist())
        reply = urls.for_comment_href("admin:comments_comment_reply", comment.pk)
        edit = urls.for_comment_href("admin:comments_comment_quick_edit", comment.pk)
        return SafeString(  # every value in it is escaped
            f'{buttons}<a href="{reply}?{back}" class="button cm-action cm-action--reply" '
            'data-inline="reply" data-shortcut="r">Reply</a>'
            f'<a href="{edit}?{back}" class="button cm-action cm-action--quick-edit" '
            'data-inline="quick-edit" data-shortcut="q">Quick edit</a>'
            f'<input type="hidden" name="{SEEN_VERSION_FIELD}" '
            f'value="{int(comment.pk)}:{int(comment.content_version)}">'
        )

    @admin.display(description="Essay")
    def essay_link(self, comment):
        return format_html('<a href="{}">{}</a>', comment.get_absolute_url(), comment.essay.title)

    @admin.display(description="In reply to")
    def in_reply_to(self, comment):
        if not comment.parent_id:
            return "—"
        return format_html(
            '<a href="{}"><bdi>{}</bdi></a>: {}',
            reverse("admin:comments_comment_change", args=[comment.parent_id]),
            comment.parent.author_name,
            _excerpt(comment.parent, 300),
        )

    @admin.display(description="Text")
    def rendered_body(self, comment):
        return SafeString(f'<div class="cm-body">{comment.body_html}</div>')  # sanitised

    @admin.display(description="Links")
    def links_revealed(self, comment):
        # Stored HTML is sanitised: a link in it starts "<a " (parsing every body is slow).
        links = "<a " in comment.body_html and extract_links(comment.body_html)
        if not links:
            return ""
        return format_html(
            '<ul class="cm-links">{}</ul>',
            format_html_join("", '<li><bdi>{}</bdi> → <code class="cm-href">{}</code></li>', links),
        )

    @admin.display(description="History on this site")
    def author_history(self, comment):
        if not hasattr(comment, "author_counts"):
            annotate_page([comment])
        approved, spam = comment.author_counts
        return f"{approved} approved, {spam} spam (by this email address)"
