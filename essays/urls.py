from django.urls import path

from essays import feeds, views

app_name = "essays"

urlpatterns = [
    path("", views.EssayListView.as_view(), name="index"),
    path("essays/<slug:slug>/", views.EssayDetailView.as_view(), name="detail"),
    path("essays/<slug:slug>/sources.json", views.essay_sources_csl, name="sources-csl"),
    path("essays/<slug:slug>/sources.bib", views.essay_sources_bib, name="sources-bibtex"),
    path("topics/", views.TopicListView.as_view(), name="topics"),
    path("topics/<slug:slug>/", views.TopicEssayListView.as_view(), name="topic"),
    path("topics/<slug:slug>/feed/rss/", feeds.TopicFeed(), name="topic-rss"),
    path("topics/<slug:slug>/feed/atom/", feeds.TopicAtomFeed(), name="topic-atom"),
    path("authors/<slug:slug>/", views.AuthorEssayListView.as_view(), name="author"),
    path("authors/<slug:slug>/feed/rss/", feeds.AuthorFeed(), name="author-rss"),
    path("authors/<slug:slug>/feed/atom/", feeds.AuthorAtomFeed(), name="author-atom"),
    path("archive/", views.EssayArchiveView.as_view(), name="archive"),
    path(
        "archive/<int:year>/<int:month>/",
        views.EssayMonthArchiveView.as_view(),
        name="archive-month",
    ),
    path("search/", views.EssaySearchView.as_view(), name="search"),
    path("feed/rss/", feeds.LatestEssaysFeed(), name="rss"),
    path("feed/atom/", feeds.LatestEssaysAtomFeed(), name="atom"),
    path("preview/<int:pk>/", views.essay_preview, name="preview"),
]
