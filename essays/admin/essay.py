"""The writing page: the essay form, its notes and its publishing states."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import ngettext

from essays.admin.corrections import CorrectionInline
from essays.admin.revisions import revision_urls
from essays.citations import convert_pasted
from essays.forms import EssayAdminForm, FootnoteForm, FootnoteInlineFormSet
from essays.models import Author, Essay, Footnote
from essays.selectors import pasted_notes_preview
from essays.services import (
    ConversionError,
    essay_convert_pasted_notes,
    essay_publish,
    essay_publish_now,
    essay_record_revision,
    essay_sync_footnotes,
    essay_unschedule,
)
from essays.services.media import media_missing, missing_figures_warning
from essays.services.search import essay_search_index, essays_search_unindex


class FootnoteInline(admin.TabularInline):
    """One row per marker in the body, made and ordered on save (essay_sync_footnotes)."""

    model = Footnote
    form = FootnoteForm
    formset = FootnoteInlineFormSet
    extra = 0
    autocomplete_fields = ["source"]
    fields = ["label", "source", "pinpoint", "commentary", "source_link"]
    readonly_fields = ["source_link"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("source")

    @admin.display(description="Link")
    def source_link(self, footnote):
        source = footnote.source if footnote.source_id else None
        if source is None or not source.link_broken:
            return ""
        if source.archived_url:
            return "Broken; readers get the archived copy"
        return format_html(
            '<a href="{}">Broken: add an archived URL</a>',
            reverse("admin:essays_source_change", args=[source.pk]),
        )


class StateFilter(admin.SimpleListFilter):
    title = "state"
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return Essay.State.choices

    def queryset(self, request, queryset):
        match self.value():
            case Essay.State.DRAFT:
                return queryset.drafts()
            case Essay.State.SCHEDULED:
                return queryset.scheduled()
            case Essay.State.PUBLISHED:
                return queryset.published()
        return queryset


# Buttons of the change form that save the form and move the essay to another state in one step.
# name -> (label, the states it is offered in)
STATE_BUTTONS = {
    "_schedule": ("Schedule", {Essay.State.DRAFT}),
    "_publish_now": ("Publish now", {Essay.State.DRAFT, Essay.State.SCHEDULED}),
    "_unschedule": ("Unschedule", {Essay.State.SCHEDULED}),
}


@admin.register(Essay)
class EssayAdmin(admin.ModelAdmin):
    form = EssayAdminForm
    list_display = ["title", "state", "date", "words", "byline", "preview_link"]
    list_filter = [StateFilter, "topics", "authors"]
    search_fields = ["title", "dek", "body"]
    date_hierarchy = "publish_at"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["authors", "topics", "hero_media"]
    readonly_fields = ["state_with_actions", "preview_link", "updated_at", "pasted_notes"]
    inlines = [FootnoteInline, CorrectionInline]
    actions = ["publish", "publish_now", "unschedule", "unpublish", "convert_pasted_notes"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "dek", "authors", "topics", "body"]}),
        ("Publishing", {"fields": ["state_with_actions", "status", "publish_at", "preview_link",
                                   "updated_at"]}),
        ("Hero image", {"fields": ["hero_media", "hero_image", "hero_alt", "hero_caption",
                                   "hero_credit"]}),
        ("Notes and comments", {"fields": ["note_style", "citation_style", "comments_mode",
                                           "comments_close_after_days"]}),
    ]  # fmt: skip

    class Media:
        # The writing page: editor, live preview, Insert note, autosave (no inline script: CSP).
        css = {"all": ["css/admin-editor.css"]}
        js = ["js/editor.js", "js/editor-notes.js", "js/editor-autosave.js", "js/editor-media.js"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("authors")

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or not convert_pasted(obj.body).notes:
            return fieldsets
        # Offered where the editor looks, with the result shown before it is applied.
        return [fieldsets[0], ("Pasted notes", {"fields": ["pasted_notes"]}), *fieldsets[1:]]

    @admin.display(description="Found at the end of the body")
    def pasted_notes(self, essay):
        if not (preview := pasted_notes_preview(essay=essay)):
            return "No pasted notes list."
        result, rendered = preview
        return render_to_string(
            "admin/essays/essay/_pasted_notes.html", {"result": result, "rendered": rendered}
        )

    def view_on_site(self, essay):
        return essay.get_absolute_url() if essay.is_public else None

    @admin.display(description="State")
    def state(self, essay):
        return essay.state.label

    @admin.display(description="State")
    def state_with_actions(self, essay):
        """The state in words, and submit buttons that save the form in another state."""
        state = essay.state if essay.pk else Essay.State.DRAFT
        text = state.label if essay.pk else "Draft until published."
        if state == Essay.State.SCHEDULED:
            when = date_format(timezone.localtime(essay.publish_at), "DATETIME_FORMAT")
            text = f"Scheduled: readers see it from {when}."
        buttons = [name for name, (_, shown_in) in STATE_BUTTONS.items() if state in shown_in]
        return format_html(
            "{} {}",
            text,
            format_html_join(
                " ",
                '<button type="submit" name="{}" class="button">{}</button>',
                ((name, STATE_BUTTONS[name][0]) for name in buttons),
            ),
        )

    @admin.display(description="Date", ordering="publish_at")
    def date(self, essay):
        return essay.publish_at

    @admin.display(description="Words", ordering="word_count")
    def words(self, essay):
        return essay.word_count

    @admin.display(description="Authors")
    def byline(self, essay):
        return ", ".join(author.name for author in essay.authors.all())

    @admin.display(description="Preview")
    def preview_link(self, essay):
        if not essay.pk:
            return "Save the essay to preview it."
        return format_html(
            '<a href="{}" target="_blank" rel="noopener">Preview</a>',
            reverse("essays:preview", args=[essay.pk]),
        )

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        # A writer's new essay is theirs until they say otherwise: one field less to fill.
        if "authors" not in initial and (author := _own_author(request.user)):
            initial["authors"] = [author.pk]
        return initial

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if request.method == "POST" and (button := _state_button(request.POST)):
            if button == "_schedule" and not _posted_in_future(request.POST):
                self.message_user(request, SCHEDULE_NEEDS_A_DATE, messages.WARNING)
                button = "_unschedule"  # a draft, with every edit kept
            # The form is saved as posted, with the new state: validated together, nothing lost.
            request.POST = _posted_with_state(request.POST, button)
        return super().changeform_view(request, object_id, form_url, extra_context)

    def response_change(self, request, obj):
        if "_convert_pasted_notes" in request.POST:
            self.convert_pasted_notes(request, Essay.objects.filter(pk=obj.pk))
            return HttpResponseRedirect(request.path)
        return super().response_change(request, obj)

    def delete_model(self, request, obj):
        pk = obj.pk
        super().delete_model(request, obj)
        essays_search_unindex(essay_ids=[pk])

    def delete_queryset(self, request, queryset):
        ids = list(queryset.values_list("pk", flat=True))
        super().delete_queryset(request, queryset)
        essays_search_unindex(essay_ids=ids)

    def get_urls(self):
        return [*revision_urls(self), *super().get_urls()]  # before the admin's <object_id>/

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # The rows follow the body's markers; the notes are rendered again from them.
        sync = essay_sync_footnotes(essay=form.instance)
        essay_record_revision(essay=form.instance, user=request.user)  # after the rows follow
        essay_search_index(essay=form.instance)
        for message in sync.messages():
            self.message_user(request, message, messages.INFO)
        for formset in formsets:
            for warning in getattr(formset, "warnings", []):
                self.message_user(request, warning, messages.WARNING)
        if missing := media_missing(body=form.instance.body):
            self.message_user(request, missing_figures_warning(missing), messages.WARNING)

    @admin.action(description="Publish selected essays (on their date)", permissions=["change"])
    def publish(self, request, queryset):
        self._apply(request, queryset.drafts(), essay_publish,
                    "%d essay published.", "%d essays published.")  # fmt: skip

    @admin.action(description="Publish now (scheduled or draft essays)", permissions=["change"])
    def publish_now(self, request, queryset):
        not_public = queryset.exclude(pk__in=queryset.published().values("pk"))
        self._apply(request, not_public, essay_publish_now,
                    "%d essay published now.", "%d essays published now.")  # fmt: skip

    @admin.action(description="Unschedule (scheduled essays back to draft)", permissions=["change"])
    def unschedule(self, request, queryset):
        self._apply(request, queryset.scheduled(), essay_unschedule,
                    "%d essay unscheduled.", "%d essays unscheduled.")  # fmt: skip

    def _apply(self, request, queryset, service, singular: str, plural: str) -> None:
        """Run `service` on each essay, reporting the count and each refusal by title."""
        count = 0
        for essay in queryset:
            try:
                service(essay=essay)
            except ValidationError as error:
                self.message_user(request, f"“{essay}”: {error.messages[0]}", messages.ERROR)
                continue
            essay_record_revision(essay=essay, user=request.user)  # a change of state is a save
            count += 1
        self.message_user(request, ngettext(singular, plural, count) % count, messages.SUCCESS)

    @admin.action(
        description="Convert pasted notes ([1] markers and a notes list) into footnotes",
        permissions=["change"],
    )
    def convert_pasted_notes(self, request, queryset):
        for essay in queryset:
            try:
                report = essay_convert_pasted_notes(essay=essay, user=request.user)
            except (ConversionError, ValidationError) as error:
                message = error.messages[0] if isinstance(error, ValidationError) else error
                self.message_user(request, f"“{essay}” not converted: {message}", messages.ERROR)
                continue
            essay_sync_footnotes(essay=essay)  # the new rows take their places in the body
            level = messages.SUCCESS if report.changed else messages.INFO
            self.message_user(request, f"“{essay}”: {report.summary()}", level)
            for problem in report.problems():
                self.message_user(request, f"“{essay}”: {problem}", messages.WARNING)

    @admin.action(description="Unpublish selected essays (back to draft)", permissions=["change"])
    def unpublish(self, request, queryset):
        count = 0
        for essay in queryset.filter(status=Essay.Status.PUBLISHED):
            essay.status = Essay.Status.DRAFT
            essay.save(update_fields=["status", "updated_at"])
            essay_record_revision(essay=essay, user=request.user)
            count += 1
        self.message_user(
            request,
            ngettext("%d essay unpublished.", "%d essays unpublished.", count) % count,
            messages.SUCCESS,
        )


def _state_button(post) -> str | None:
    return next((name for name in STATE_BUTTONS if name in post), None)


def _posted_with_state(post, button: str):
    """A copy of the posted form with the state the button asks for; the editor stays on it."""
    post = post.copy()
    if button == "_publish_now":
        now = timezone.localtime()
        post["status"] = Essay.Status.PUBLISHED
        post["publish_at_0"], post["publish_at_1"] = f"{now:%Y-%m-%d}", f"{now:%H:%M:%S}"
    elif button == "_unschedule":
        post["status"] = Essay.Status.DRAFT
    elif button == "_schedule":
        post["status"] = Essay.Status.PUBLISHED  # readers see it from the date set
    post["_continue"] = "1"
    return post


SCHEDULE_NEEDS_A_DATE = (
    "To schedule, set a publish date and time in the future; the essay stays a draft."
)


def _posted_in_future(post) -> bool:
    try:
        when = forms.SplitDateTimeField().clean(
            [post.get("publish_at_0"), post.get("publish_at_1")]
        )
    except ValidationError:
        return False
    return when > timezone.now()


def _own_author(user) -> Author | None:
    return Author.objects.filter(user=user).first() if user.is_authenticated else None
