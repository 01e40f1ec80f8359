from django.urls import path

from comments import feeds, views

# Included by pages.urls into the "comments" namespace, beside the posting view.
urlpatterns = [
    path("essays/<slug:slug>/comments/feed/", feeds.EssayCommentsFeed(), name="essay-feed"),
    path("comments/feed/", feeds.RecentCommentsFeed(), name="feed"),
    path("essays/<slug:slug>/comments/newest/", views.comment_newest, name="newest"),
    path("comments/<int:pk>/", views.comment_permalink, name="permalink"),
    path("comments/<int:pk>/edit/", views.comment_edit, name="edit"),
    path("comments/<int:pk>/withdraw/", views.comment_delete, name="delete"),
    path("privacy/", views.privacy, name="privacy"),
]
