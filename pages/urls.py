"""The site's reader URLs, by namespace.

URL names say what a page shows, not which app builds it: "essays:detail" is the essay
page, "comments:post" takes a comment. So each namespace joins this app's views with the
routes of the content app below it.
"""

from django.urls import path

import comments.urls
import essays.urls
from pages.views import comments as comment_views
from pages.views import essays as essay_views
from pages.views import following

essay_routes = [
    path("", essay_views.EssayListView.as_view(), name="index"),
    path("essays/<slug:slug>/", essay_views.EssayDetailView.as_view(), name="detail"),
    path("topics/", essay_views.TopicListView.as_view(), name="topics"),
    path("topics/<slug:slug>/", essay_views.TopicEssayListView.as_view(), name="topic"),
    path("authors/<slug:slug>/", essay_views.AuthorEssayListView.as_view(), name="author"),
    path("archive/", essay_views.EssayArchiveView.as_view(), name="archive"),
    path(
        "archive/<int:year>/<int:month>/",
        essay_views.EssayMonthArchiveView.as_view(),
        name="archive-month",
    ),
    path("search/", essay_views.EssaySearchView.as_view(), name="search"),
    path("feeds/", essay_views.FeedsView.as_view(), name="feeds"),
    path("preview/<int:pk>/", essay_views.essay_preview, name="preview"),
    *essays.urls.urlpatterns,
]

comment_routes = [
    path("essays/<slug:slug>/comments/", comment_views.comment_post, name="post"),
    path("essays/<slug:slug>/follow/", following.discussion_follow_post, name="follow"),
    *comments.urls.urlpatterns,
]
