"""Comments in any state, built without the form or the spam check."""

import factory
from django.utils import timezone

from comments.models import Comment
from comments.sanitizing import sanitize_comment
from comments.services import body_fingerprint
from tests.factories import EssayFactory


class CommentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Comment

    essay = factory.SubFactory(EssayFactory)
    author_name = factory.Sequence(lambda n: f"Reader {n}")
    author_email = factory.Sequence(lambda n: f"reader{n}@example.com")
    body = factory.Sequence(lambda n: f"Comment number {n}, with a thought.")
    body_html = factory.LazyAttribute(lambda comment: sanitize_comment(comment.body))
    body_hash = factory.LazyAttribute(lambda comment: body_fingerprint(comment.body))
    status = Comment.Status.PENDING
    ip_address = "198.51.100.20"
    user_agent = "Mozilla/5.0 (test)"
    check_state = Comment.CheckState.CHECKED
    verdict = Comment.Verdict.HAM
    verdict_checker = "embedded"
    checked_at = factory.LazyFunction(timezone.now)
    depth = factory.LazyAttribute(lambda comment: comment.parent.depth + 1 if comment.parent else 1)
    parent = None

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        comment = super()._create(model_class, *args, **kwargs)
        parent = kwargs.get("parent")
        comment.root_id = parent.root_id if parent else comment.pk
        Comment.objects.filter(pk=comment.pk).update(root_id=comment.root_id)
        return comment
