"""The History, compare and restore pages: what they show, who may use them, their queries."""

from http import HTTPStatus

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse

from essays.models import Essay, EssayRevision
from essays.services import essay_record_revision, essay_sync_footnotes
from tests.essays.test_admin_citations import messages_of
from tests.factories import EssayFactory, FootnoteFactory, SourceFactory, StaffFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def revised(editor):
    """An essay saved three times: a first draft, a rewrite with a note, a new title."""
    essay = EssayFactory(
        title="Rivers", status=Essay.Status.DRAFT, body="The river is wide and slow."
    )
    essay_record_revision(essay=essay, user=editor)
    essay.body = "The river is narrow, shallow and slow.[^gauge]"
    essay.save()
    FootnoteFactory(essay=essay, label="gauge", source=SourceFactory(title="Gauge Records"))
    essay_sync_footnotes(essay=essay)
    essay_record_revision(essay=essay, user=editor)
    essay.title = "Rivers & <Dams>"
    essay.save()
    essay_record_revision(essay=essay, user=editor)
    return essay


def history_url(essay):
    return reverse("admin:essays_essay_revisions", args=[essay.pk])


def compare_url(essay, old, new):
    return f"{reverse('admin:essays_essay_revisions_compare', args=[essay.pk])}?old={old}&new={new}"


def restore_url(essay, revision):
    return reverse("admin:essays_essay_revision_restore", args=[essay.pk, revision.pk])


def test_history_lists_each_revision_with_author_summary_and_word_change(editor_client, revised):
    page = editor_client.get(history_url(revised)).text

    assert page.count('name="new"') == 3
    assert "First revision." in page
    assert "Body +3 −2 words; notes [^gauge] added." in page
    assert "(+1)" in page  # six words, then seven
    assert ">editor<" in page
    assert "Restore this revision" in page


def test_the_essay_form_links_to_its_history(editor_client, revised):
    page = editor_client.get(reverse("admin:essays_essay_change", args=[revised.pk])).text
    assert f'href="{history_url(revised)}"' in page


def test_compare_shows_words_inserted_and_deleted_and_notes_and_metadata(editor_client, revised):
    first, last = revised.revisions.last(), revised.revisions.first()

    response = editor_client.get(compare_url(revised, last.pk, first.pk))  # either order

    page = response.text
    assert response.status_code == HTTPStatus.OK
    assert "<del>wide</del><ins>narrow, shallow</ins>" in page
    assert "<ins>slow.[^gauge]</ins>" in page and "<del>slow.</del>" in page
    assert '[^gauge] <span class="revision-diff__kind">(added)</span>' in page
    assert "Gauge Records" in page
    assert "<ins>Rivers &amp; &lt;Dams&gt;</ins>" in page  # escaped, never markup
    assert "Added words" in page  # the legend


@pytest.mark.parametrize(
    "query",
    ["old=1", "old=abc&new=1", "old=١&new=1", "old=99999999999999999999&new=1", ""],
)
def test_compare_refuses_what_is_not_two_revisions_of_this_essay(editor_client, revised, query):
    url = f"{reverse('admin:essays_essay_revisions_compare', args=[revised.pk])}?{query}"
    assert editor_client.get(url).status_code == HTTPStatus.BAD_REQUEST


def test_compare_refuses_a_revision_of_another_essay(editor_client, revised):
    other = EssayFactory()
    foreign = essay_record_revision(essay=other, user=None)
    url = compare_url(revised, foreign.pk, revised.revisions.first().pk)
    assert editor_client.get(url).status_code == HTTPStatus.BAD_REQUEST


def test_restore_asks_first_and_changes_nothing_on_get(editor_client, revised):
    first = revised.revisions.last()

    page = editor_client.get(restore_url(revised, first)).text

    assert "Yes, restore this revision" in page and "csrfmiddlewaretoken" in page
    assert "<del>narrow, shallow</del><ins>wide</ins>" in page  # from now back to then
    revised.refresh_from_db()
    assert revised.body == "The river is narrow, shallow and slow.[^gauge]"


def test_restore_on_post_brings_the_revision_back_and_says_so(editor_client, revised):
    first = revised.revisions.last()

    response = editor_client.post(restore_url(revised, first))

    assert response.status_code == HTTPStatus.FOUND
    assert response.url == reverse("admin:essays_essay_change", args=[revised.pk])
    revised.refresh_from_db()
    assert (revised.body, revised.title) == ("The river is wide and slow.", "Rivers")
    assert not revised.footnotes.exists()  # an empty row for a gone marker is not kept
    assert any(m.startswith("Restored: Restored from ") for m in messages_of(response))
    assert revised.revisions.count() == 4


def test_restore_needs_the_csrf_token(client, editor, revised):
    strict = Client(enforce_csrf_checks=True)  # checks CSRF, as browsers are held to
    strict.force_login(editor)

    response = strict.post(restore_url(revised, revised.revisions.last()))

    assert response.status_code == HTTPStatus.FORBIDDEN
    assert EssayRevision.objects.filter(essay=revised).count() == 3


def test_a_moderator_cannot_see_history_compare_or_restore(moderator_client, revised):
    first, last = revised.revisions.last(), revised.revisions.first()
    for url in (history_url(revised), compare_url(revised, first.pk, last.pk)):
        assert moderator_client.get(url).status_code == HTTPStatus.FORBIDDEN, url
    assert moderator_client.get(restore_url(revised, first)).status_code == HTTPStatus.FORBIDDEN
    assert moderator_client.post(restore_url(revised, first)).status_code == HTTPStatus.FORBIDDEN
    revised.refresh_from_db()
    assert revised.title == "Rivers & <Dams>"


def test_anonymous_users_are_sent_to_log_in_and_nothing_is_restored(client, revised):
    for response in (
        client.get(history_url(revised)),
        client.post(restore_url(revised, revised.revisions.last())),
    ):
        assert response.status_code == HTTPStatus.FOUND
        assert response.url.startswith(reverse("admin:login"))
    revised.refresh_from_db()
    assert revised.title == "Rivers & <Dams>"


def test_view_only_staff_see_the_history_but_cannot_restore(client, revised):
    viewer = StaffFactory(username="viewer")  # view_essay alone: no group is given only that
    viewer.user_permissions.add(Permission.objects.get(codename="view_essay"))
    client.force_login(viewer)

    assert client.get(history_url(revised)).status_code == HTTPStatus.OK
    assert "Restore this revision" not in client.get(history_url(revised)).text
    first = revised.revisions.last()
    assert client.post(restore_url(revised, first)).status_code == HTTPStatus.FORBIDDEN


def test_a_restore_of_a_revision_of_another_essay_is_not_found(editor_client, revised):
    foreign = essay_record_revision(essay=EssayFactory(), user=None)
    assert editor_client.post(restore_url(revised, foreign)).status_code == HTTPStatus.NOT_FOUND


@pytest.mark.parametrize("saves", [1, 30])
def test_history_and_compare_cost_a_fixed_number_of_queries(
    editor_client, editor, saves, django_assert_max_num_queries
):
    essay = EssayFactory(body="Word")
    for n in range(saves):
        essay.body = f"{essay.body} word{n}[^n{n}]"
        essay.save()
        FootnoteFactory(essay=essay, label=f"n{n}")
        essay_record_revision(essay=essay, user=editor)
    first, last = essay.revisions.last(), essay.revisions.first()

    # Session, user, essay, its authors, two permission checks, then the page's own reads
    # (the count, the page, the revision before its oldest).
    with django_assert_max_num_queries(9):
        assert editor_client.get(history_url(essay)).status_code == HTTPStatus.OK
    with django_assert_max_num_queries(8):
        assert editor_client.get(compare_url(essay, first.pk, last.pk)).status_code == HTTPStatus.OK
    with django_assert_max_num_queries(11):
        assert editor_client.get(restore_url(essay, first)).status_code == HTTPStatus.OK


def test_a_revision_that_no_longer_validates_is_refused_with_the_reason(editor_client, revised):
    first = revised.revisions.last()
    first.snapshot["metadata"]["title"] = ""  # as an older schema or a hand edit might leave it
    first.save()

    response = editor_client.post(restore_url(revised, first))

    assert response.status_code == HTTPStatus.FOUND and response.url == history_url(revised)
    [message] = messages_of(response)
    assert message.startswith("Not restored, nothing changed:") and "blank" in message
    revised.refresh_from_db()
    assert revised.title == "Rivers & <Dams>" and revised.revisions.count() == 3


def test_editors_write_corrections_and_read_revisions_and_moderators_neither(editor, moderator):
    assert editor.has_perms(["essays.add_correction", "essays.change_correction",
                             "essays.delete_correction", "essays.view_essayrevision"])  # fmt: skip
    # Revisions are written by the services alone, never through a form.
    assert not editor.has_perm("essays.change_essayrevision")
    assert not editor.has_perm("essays.delete_essayrevision")
    assert not moderator.has_perm("essays.add_correction")
    assert not moderator.has_perm("essays.view_essayrevision")


def test_history_is_paged_and_each_row_compares_with_the_one_before(
    editor_client, revised, monkeypatch
):
    monkeypatch.setattr("essays.admin.revisions.REVISIONS_PER_PAGE", 2)
    _newest, middle, oldest = revised.revisions.all()
    first = editor_client.get(history_url(revised)).text
    assert first.count('name="new"') == 2 and "(latest)" in first
    assert "Page 1 of 2 (3 revisions)" in first and '?page=2" rel="next"' in first
    assert f"old={oldest.pk}&amp;new={middle.pk}" in first  # across the page's edge

    second = editor_client.get(history_url(revised), {"page": "2"}).text
    assert second.count('name="new"') == 1 and "(latest)" not in second
    assert " checked" not in second  # the defaults are the two newest, on page 1
    assert f"revisions/{oldest.pk}/restore/" in second

    for junk in ("x", "0", "١٢", "99"):  # the first or the last page, never an error
        assert editor_client.get(history_url(revised), {"page": junk}).status_code == 200
