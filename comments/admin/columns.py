"""What a moderator sees of each comment, in the queue and on its page.

Every value goes through format_html. body_html is the exception: it was sanitised when it
was saved (comments.sanitizing) and is shown as readers see it.
"""

from __future__ import annotations

from django.contrib import admin
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
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
    return f"{url}?{urlencode({'version': comment.content_version})}"


# What the list may be filtered by, besides its tabs: each a link in a row (filter_url).
LINK_FILTERS = ("author_email", "author_url", "ip_address", "essay__id__exact")


def filter_url(comment: Comment, *, tab: str | None = None, **lookup) -> str:
    """The comment list filtered by one of LINK_FILTERS, in the tab the row was shown in
    (ModerationChangeList sets `shown_in_tab`) unless `tab` names another."""
    tab = tab or getattr(comment, "shown_in_tab", "all")
    return page_urls(comment).filtered(tab, lookup)


# The changelist form's field that carries "<comment id>:<content_version>" for each row.
SEEN_VERSION_FIELD = "seen_version"


def _excerpt(comment: Comment, length: int) -> str:
    return Truncator(comment_plain_text(comment.body_html)).chars(length)


class CommentColumns:
    """Display methods for CommentAdmin."""

    @admin.display(description="Author")
    def author_column(self, comment):
        approved, spam = getattr(comment, "author_counts", (None, None))
        email = comment.author_email
        website = comment.author_url and format_html(
            '<br><a class="cm-url" href="{}" title="Comments with this website">{}</a>',
            filter_url(comment, author_url=comment.author_url),
            comment.author_url,
        )
        ip = comment.ip_address and format_html(
            '<a href="{}" title="Comments from this address">{}</a>',
            filter_url(comment, ip_address=comment.ip_address),
            comment.ip_address,
        )
        history = approved is not None and format_html(
            '<br><span class="cm-history"><a href="{}">{} approved</a> · '
            '<a href="{}">{} spam</a></span>',
            filter_url(comment, tab="approved", author_email=email),
            approved,
            filter_url(comment, tab="spam", author_email=email),
            spam,
        )
        return format_html(
            '<strong><bdi>{}</bdi></strong><br><a class="cm-email" href="{}" '
            'title="Comments from this email address">{}</a>{}'
            '<br><span class="cm-ip">IP {}</span>{}',
            comment.author_name,
            filter_url(comment, author_email=email),
            email,
            website or "",
            ip or "unknown",
            history or "",
        )

    @admin.display(description="Comment")
    def comment_column(self, comment):
        reply = comment.parent_id and format_html(
            '<blockquote class="cm-parent">In reply to <bdi>{}</bdi>: {}</blockquote>',
            comment.parent.author_name,
            _excerpt(comment.parent, 160),
        )
        # The passage a comment answers, as the reader quoted it (comments/passages.py).
        passage = comment.anchor_quote and format_html(
            '<blockquote class="cm-parent cm-passage">On the passage '
            '<a href="{}#{}" title="The passage in the essay">“{}”</a></blockquote>',
            comment.essay.get_absolute_url(),
            comment.anchor_id,
            comment.anchor_quote,
        )
        return format_html(
            '<p class="cm-on">On <a href="{}" title="Comments on this essay">{}</a> '
            '<a href="{}" class="cm-view" title="The essay as readers see it">view</a></p>{}{}{}',
            filter_url(comment, essay__id__exact=comment.essay_id),
            comment.essay.title,
            comment.essay.get_absolute_url(),
            reply or passage or "",
            self.rendered_body(comment),
            self.links_revealed(comment),
        )

    @admin.display(description="Spam check")
    def check_column(self, comment):
        if comment.check_state == Comment.CheckState.UNCHECKED:
            verdict = format_html(
                '<span class="cm-verdict cm-verdict--unchecked">Not checked yet</span>{}',
                comment.check_error and format_html("<br>Last error: {}", comment.check_error),
            )
        else:
            verdict = format_html(
                '<span class="cm-verdict cm-verdict--{}">{}</span> '
                '<span class="cm-checker">by {}</span>',
                comment.verdict or "none",
                comment.get_verdict_display(),
                comment.verdict_checker or "an unknown checker",
            )
        return format_html(
            "{}{}{}",
            verdict,
            decision_html(comment, lambda code: filter_url(comment, reason=code)),
            self._moderator_note(comment),
        )

    def _moderator_note(self, comment) -> str:
        note = getattr(comment, "moderator_note", None)
        if note is None:
            return ""
        who = note.actor.get_username() if note.actor else "a moderator"
        return format_html('<p class="cm-note">{} ({}): {}</p>', "Moderator", who, note.note)

    @admin.display(description="Submitted", ordering="submitted_at")
    def submitted(self, comment):
        return format_html(
            '<time datetime="{}">{}</time><br><span class="cm-status cm-status--{}">{}</span>',
            comment.submitted_at.isoformat(),
            timezone.localtime(comment.submitted_at).strftime("%Y-%m-%d %H:%M"),
            comment.status,
            comment.get_status_display(),
        )

    @admin.display(description="Actions")
    def row_actions(self, comment):
        # The buttons belong to the one form outside the changelist's own form (nested forms
        # are invalid HTML): see templates/admin/comments/comment/change_list.html. The hidden
        # input is in the changelist's form: bulk actions learn which version each row showed.
        buttons = format_html_join(
            " ",
            '<button type="submit" form="cm-row-action" formaction="{}" '
            'class="button cm-action cm-action--{}" data-shortcut="{}">{}</button>',
            (
                (action_url(comment, name), name, ACTIONS[name].shortcut, ACTIONS[name].label)
                for name in ROW_ACTIONS.get(comment.status, [])
            ),
        )
        # Links to pages of their own; with JavaScript they open a form inside the row.
        urls = page_urls(comment)
        back = urlencode({"next": getattr(comment, "shown_at", "") or urls.changelist()})
        forms = format_html(
            '<a href="{}?{}" class="button cm-action cm-action--reply" data-inline="reply" '
            'data-shortcut="r">Reply</a><a href="{}?{}" class="button cm-action '
            'cm-action--quick-edit" data-inline="quick-edit" data-shortcut="q">Quick edit</a>',
            urls.for_comment("admin:comments_comment_reply", comment.pk),
            back,
            urls.for_comment("admin:comments_comment_quick_edit", comment.pk),
            back,
        )
        return format_html(
            '{}{}<input type="hidden" name="{}" value="{}:{}">',
            buttons,
            forms,
            SEEN_VERSION_FIELD,
            comment.pk,
            comment.content_version,
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
        return format_html('<div class="cm-body">{}</div>', mark_safe(comment.body_html))  # noqa: S308

    @admin.display(description="Links")
    def links_revealed(self, comment):
        links = extract_links(comment.body_html)
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
