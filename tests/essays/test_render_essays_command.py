"""render_essays stores every essay's HTML as the renderer now makes it, dates untouched."""

import io

import pytest
from django.core.management import call_command

from essays.models import Essay
from tests.factories import EssayFactory, FootnoteFactory

pytestmark = pytest.mark.django_db


def test_render_essays_brings_stale_html_up_to_date_without_moving_updated_at():
    essay = EssayFactory(body='"Quoted," a claim.[^1]')
    FootnoteFactory(essay=essay, label="1", source=None, commentary="A remark.")
    essay.save()
    fresh = Essay.objects.get(pk=essay.pk)
    Essay.objects.filter(pk=essay.pk).update(body_html="<p>stale</p>", notes_html="")
    out = io.StringIO()
    call_command("render_essays", stdout=out)
    again = Essay.objects.get(pk=essay.pk)
    assert (again.body_html, again.notes_html) == (fresh.body_html, fresh.notes_html)
    assert 'class="sidenote"' in again.body_html and "“Quoted,”" in again.body_html
    assert again.updated_at == fresh.updated_at
    assert again.rendered_at > fresh.rendered_at
    assert "1 essay(s) rendered." in out.getvalue()
