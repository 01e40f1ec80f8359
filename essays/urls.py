from django.urls import path

from essays import feeds, views

# Included by pages.urls into the "essays" namespace, beside the reader pages.
urlpatterns = [
    path("essays/<slug:slug>/sources.json", views.essay_sources_csl, name="sources-csl"),
    path("essays/<slug:slug>/sources.bib", views.essay_sources_bib, name="sources-bibtex"),
    path("topics/<slug:slug>/feed/rss/", feeds.TopicFeed(), name="topic-rss"),
    path("topics/<slug:slug>/feed/atom/", feeds.TopicAtomFeed(), name="topic-atom"),
    path("authors/<slug:slug>/feed/rss/", feeds.AuthorFeed(), name="author-rss"),
    path("authors/<slug:slug>/feed/atom/", feeds.AuthorAtomFeed(), name="author-atom"),
    path("preview/render/", views.essay_preview_render, name="preview-render"),
    path("feed/rss/", feeds.LatestEssaysFeed(), name="rss"),
    path("feed/atom/", feeds.LatestEssaysAtomFeed(), name="atom"),
]
