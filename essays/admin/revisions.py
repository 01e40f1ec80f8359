"""An essay's history: its revisions listed, any two compared, one restored.

Wired into EssayAdmin by revision_urls(); each view checks the essay's own permissions.
"""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseBadRequest, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.decorators import method_decorator
from django.views.decorators.http import require_http_methods

from essays.models import EssayRevision
from essays.revision_diff import compare
from essays.services import essay_restore_revision, essay_snapshot


def revision_urls(model_admin) -> list:
    """The history pages of `model_admin` (EssayAdmin), before its own catch-all paths."""
    views = RevisionViews(model_admin)
    wrap = model_admin.admin_site.admin_view
    return [
        path("<path:object_id>/revisions/", wrap(views.history), name="essays_essay_revisions"),
        path("<path:object_id>/revisions/compare/", wrap(views.compare),
             name="essays_essay_revisions_compare"),
        path("<path:object_id>/revisions/<int:revision_id>/restore/", wrap(views.restore),
             name="essays_essay_revision_restore"),
    ]  # fmt: skip


REVISIONS_PER_PAGE = 50


@dataclass(frozen=True)
class HistoryRow:
    revision: EssayRevision
    previous: EssayRevision | None  # the one before it, to compare with
    words_change: str  # "+12", "−3", or "" for none


def _signed(number: int) -> str:
    return "" if number == 0 else f"+{number}" if number > 0 else f"−{-number}"


class CompareForm(forms.Form):
    """Two of this essay's revisions; a value that is not one of their ids is refused."""

    old = forms.TypedChoiceField(coerce=int, label="From")
    new = forms.TypedChoiceField(coerce=int, label="To")

    def __init__(self, data, *, revision_ids: list[int]):
        super().__init__(data)
        choices = [(str(pk), str(pk)) for pk in revision_ids]
        self.fields["old"].choices = self.fields["new"].choices = choices


class RevisionViews:
    def __init__(self, model_admin):
        self.model_admin = model_admin

    @method_decorator(require_http_methods(["GET", "HEAD"]))
    def history(self, request, object_id):
        """A page of revisions, newest first; each compared with the one saved before it."""
        essay = self._essay(request, object_id, self.model_admin.has_view_permission)
        listed = essay.revisions.select_related("author").defer("snapshot")
        # get_page: a missing, junk or out-of-range number shows the first or last page.
        page = Paginator(listed, REVISIONS_PER_PAGE).get_page(request.GET.get("page"))
        revisions = list(page.object_list)
        # The one before this page's oldest, so that row can be compared too.
        older = [*revisions[1:], listed[page.end_index() : page.end_index() + 1].first()]
        rows = [
            HistoryRow(revision, before, _signed(revision.word_count - before.word_count))
            if before
            else HistoryRow(revision, None, "")
            for revision, before in zip(revisions, older, strict=True)
        ]
        return self._render(
            request, essay, "revision_history.html", "History", rows=rows, page=page
        )

    @method_decorator(require_http_methods(["GET", "HEAD"]))
    def compare(self, request, object_id):
        essay = self._essay(request, object_id, self.model_admin.has_view_permission)
        ids = list(essay.revisions.values_list("pk", flat=True))
        form = CompareForm(request.GET, revision_ids=ids)
        if not form.is_valid():
            return HttpResponseBadRequest(
                "Choose two revisions of this essay to compare, from its History page."
            )
        pair = essay.revisions.select_related("author").filter(
            pk__in=[form.cleaned_data["old"], form.cleaned_data["new"]]
        )
        by_date = sorted(pair, key=lambda revision: (revision.created_at, revision.pk))
        old, new = by_date[0], by_date[-1]  # older first, whichever way round they were picked
        return self._render(
            request, essay, "revision_compare.html", "Compare revisions",
            old=old, new=new, diff=compare(old.snapshot, new.snapshot),
        )  # fmt: skip

    @method_decorator(require_http_methods(["GET", "HEAD", "POST"]))
    def restore(self, request, object_id, revision_id):
        essay = self._essay(request, object_id, self.model_admin.has_change_permission)
        revision = get_object_or_404(essay.revisions.select_related("author"), pk=revision_id)
        if request.method != "POST":
            diff = compare(essay_snapshot(essay=essay), revision.snapshot)
            return self._render(
                request, essay, "revision_restore.html", "Restore this revision",
                revision=revision, diff=diff,
            )  # fmt: skip
        try:
            report = essay_restore_revision(revision=revision, user=request.user)
        except ValidationError as error:
            messages.error(request, f"Not restored, nothing changed: {' '.join(error.messages)}")
            return HttpResponseRedirect(reverse("admin:essays_essay_revisions", args=[essay.pk]))
        self.model_admin.log_change(request, essay, f"Restored the revision of {revision}.")
        if report.revision is None:
            messages.info(request, "The essay already matched this revision; nothing changed.")
        else:
            messages.success(request, f"Restored: {report.revision.summary}")
        for message in report.messages():
            messages.warning(request, message)
        return HttpResponseRedirect(reverse("admin:essays_essay_change", args=[essay.pk]))

    def _essay(self, request, object_id, permission):
        essay = self.model_admin.get_object(request, unquote(object_id))
        if essay is None:
            raise Http404("No essay with this id.")
        if not permission(request, essay):
            raise PermissionDenied
        return essay

    def _render(self, request, essay, template, title, **context):
        opts = self.model_admin.model._meta
        return TemplateResponse(
            request,
            f"admin/essays/essay/{template}",
            {
                **self.model_admin.admin_site.each_context(request),
                "opts": opts,
                "essay": essay,
                "title": f"{title}: {essay}",
                "can_restore": self.model_admin.has_change_permission(request, essay),
                **context,
            },
        )
