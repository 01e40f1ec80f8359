"""The queue's rows as one string each, joined in Python.

Django's changelist renders every cell through lookup_field, display_for_value and a
format_html or two (items_for_result): about as long as the five columns themselves took
(bench/queue_render_bench.py). The markup here is the same as the admin's: the checkbox,
a <td class="field-NAME"> per column, and the link column as a <th> with the change URL and
the list's filters preserved, so the admin's actions, sorting and static/js keep working.
"""

from __future__ import annotations

from html import escape

from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.templatetags.admin_list import result_headers
from django.contrib.admin.templatetags.admin_urls import add_preserved_filters
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from comments.admin.queue import ANY_ID, PageUrls

ACTION_CHECKBOX = "action_checkbox"


class RowRenderer:
    """What every row of one page shares: the columns, the change URL with the page's
    filters, the checkbox's label. Call it with a comment for that comment's <tr>."""

    def __init__(self, changelist):
        self.model_admin = changelist.model_admin
        self.columns = [
            (name, getattr(self.model_admin, name))  # CommentAdmin's display methods
            for name in changelist.list_display
            if name != ACTION_CHECKBOX
        ]
        self.checkbox = ACTION_CHECKBOX in changelist.list_display
        self.links = set(changelist.list_display_links or ())
        self.change_url = self._change_url(changelist)
        self.checkbox_label = gettext("Select this object for an action - {}")

    @staticmethod
    def _change_url(changelist) -> tuple[str, str]:
        # As items_for_result links a row: its change page, keeping the list's filters.
        context = {"preserved_filters": changelist.preserved_filters, "opts": changelist.opts}
        url = PageUrls().for_comment("admin:comments_comment_change", ANY_ID)
        before, after = add_preserved_filters(context, url).split(str(ANY_ID), 1)
        return escape(before), escape(after)

    def __call__(self, comment) -> str:
        cells = [self._checkbox(comment)] if self.checkbox else []
        for name, column in self.columns:
            html = _escaped(column(comment))
            if name in self.links:
                before, after = self.change_url
                cells.append(
                    f'<th class="field-{name}"><a href="{before}{int(comment.pk)}{after}">'
                    f"{html}</a></th>"
                )
            else:
                cells.append(f'<td class="field-{name}">{html}</td>')
        return "".join(cells)

    def _checkbox(self, comment) -> str:
        label = self.checkbox_label.format(escape(str(comment)))
        return (
            f'<td class="action-checkbox"><input type="checkbox" name="{ACTION_CHECKBOX_NAME}" '
            f'value="{int(comment.pk)}" class="action-select" aria-label="{label}"></td>'
        )


def _escaped(value) -> str:
    # conditional_escape, without its check for lazy strings: five columns a row.
    return value.__html__() if hasattr(value, "__html__") else escape(str(value))


def result_list_context(changelist) -> dict:
    """The context of admin/comments/comment/_queue_results.html: the headers as the admin's
    result_list tag makes them, the rows as one string."""
    headers = list(result_headers(changelist))
    render = RowRenderer(changelist)
    rows = "".join(f"<tr>{render(comment)}</tr>\n" for comment in changelist.result_list)
    return {
        "cl": changelist,
        "result_headers": headers,
        "num_sorted_fields": sum(1 for h in headers if h["sortable"] and h["sorted"]),
        "rows": mark_safe(rows),  # noqa: S308 - each value in it is escaped
    }
