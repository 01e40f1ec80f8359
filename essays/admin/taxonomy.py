"""Authors and topics: the names essays are filed under."""

from django.contrib import admin

from essays.forms import PublishableTextForm
from essays.models import Author, Topic


@admin.register(Author)
class AuthorAdmin(admin.ModelAdmin):
    form = PublishableTextForm
    list_display = ["name", "slug", "user"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    form = PublishableTextForm
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
