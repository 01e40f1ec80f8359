from django.urls import path

from comments import feeds, views, views_subscriptions

# Included by pages.urls into the "comments" namespace, beside the posting view.
urlpatterns = [
    path("essays/<slug:slug>/comments/feed/", feeds.EssayCommentsFeed(), name="essay-feed"),
    path("comments/feed/", feeds.RecentCommentsFeed(), name="feed"),
    path("essays/<slug:slug>/comments/newest/", views.comment_newest, name="newest"),
    path("comments/<int:pk>/", views.comment_permalink, name="permalink"),
    path("comments/<int:pk>/edit/", views.comment_edit, name="edit"),
    path("comments/<int:pk>/withdraw/", views.comment_delete, name="delete"),
    path("privacy/", views.privacy, name="privacy"),
    path(
        "subscriptions/confirm/<str:token>/",
        views_subscriptions.subscription_confirm_view,
        name="subscription-confirm",
    ),
    path("unsubscribe/<str:token>/", views_subscriptions.unsubscribe_view, name="unsubscribe"),
    path(
        "subscriptions/<str:token>/",
        views_subscriptions.subscriptions_manage_view,
        name="subscriptions",
    ),
]
