"""factory_boy factories: one per model that tests build often."""

import datetime

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from essays.models import Author, Essay, Footnote, MediaItem, Source, Topic
from essays.services.search import essay_search_index


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.com")
    password = factory.django.Password("correct horse battery staple")


class StaffFactory(UserFactory):
    class Meta:
        skip_postgeneration_save = True

    is_staff = True

    @factory.post_generation
    def group(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.add(Group.objects.get(name=extracted))


class AuthorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Author

    name = factory.Sequence(lambda n: f"Author {n}")
    slug = factory.Sequence(lambda n: f"author-{n}")
    bio = "Writes about things."


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic

    name = factory.Sequence(lambda n: f"Topic {n}")
    slug = factory.Sequence(lambda n: f"topic-{n}")


class EssayFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Essay
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Essay number {n}")
    slug = factory.Sequence(lambda n: f"essay-{n}")
    dek = "A standfirst."
    body = "The first paragraph.\n\nThe second paragraph, with *emphasis*."
    status = Essay.Status.PUBLISHED
    publish_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=1))
    comments_mode = Essay.Comments.OPEN

    @factory.post_generation
    def authors(self, create, extracted, **kwargs):
        if create:
            self.authors.set(extracted if extracted is not None else [AuthorFactory()])

    @factory.post_generation
    def topics(self, create, extracted, **kwargs):
        if create and extracted:
            self.topics.set(extracted)

    @factory.post_generation
    def search_index(self, create, extracted, **kwargs):
        # As the admin and the importers do after writing an essay.
        if create:
            essay_search_index(essay=self)


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Source

    kind = Source.Kind.NEWS
    authors = "Reuters"
    title = factory.Sequence(lambda n: f"Report number {n}")
    container = "The Meridian Review"
    published_on = datetime.date(2019, 10, 26)
    url = factory.Sequence(lambda n: f"https://example.org/news/{n}")


class FootnoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Footnote

    essay = factory.SubFactory(EssayFactory)
    label = factory.Sequence(lambda n: f"n{n}")
    source = factory.SubFactory(SourceFactory)


class MediaItemFactory(factory.django.DjangoModelFactory):
    """A 1,000 × 500 JPEG in the media library; set MEDIA_ROOT to a temporary folder first."""

    class Meta:
        model = MediaItem

    image = factory.django.ImageField(width=1000, height=500, format="JPEG", color="teal")
    alt = factory.Sequence(lambda n: f"A heron on weir {n}")
