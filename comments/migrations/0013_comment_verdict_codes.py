"""Structured verdict reasons: old sentences become {"code": "legacy", "text": …}, and every
comment gets the reasons' codes as ",code,code," for the queue's Reason filter."""

from django.db import migrations, models


def reason_as_object(item):
    if isinstance(item, dict):
        return {"code": item.get("code") or "legacy", "text": str(item.get("text", "")),
                "values": item.get("values") or {}}  # fmt: skip
    return {"code": "legacy", "text": str(item), "values": {}}


def codes_of(reasons):
    codes = dict.fromkeys(reason["code"] for reason in reasons)
    return f",{','.join(codes)}," if codes else ""


def structure_reasons(apps, schema_editor):
    Comment = apps.get_model("comments", "Comment")
    changed = []
    for comment in (
        Comment.objects.exclude(verdict_reasons=[]).only("pk", "verdict_reasons").iterator()
    ):
        reasons = [reason_as_object(item) for item in comment.verdict_reasons or []]
        comment.verdict_reasons, comment.verdict_codes = reasons, codes_of(reasons)
        changed.append(comment)
        if len(changed) == 500:
            Comment.objects.bulk_update(changed, ["verdict_reasons", "verdict_codes"])
            changed = []
    Comment.objects.bulk_update(changed, ["verdict_reasons", "verdict_codes"])


def sentences_again(apps, schema_editor):
    Comment = apps.get_model("comments", "Comment")
    changed = []
    for comment in (
        Comment.objects.exclude(verdict_reasons=[]).only("pk", "verdict_reasons").iterator()
    ):
        comment.verdict_reasons = [
            item.get("text", "") if isinstance(item, dict) else item
            for item in comment.verdict_reasons or []
        ]
        changed.append(comment)
    Comment.objects.bulk_update(changed, ["verdict_reasons"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("comments", "0012_subscriptions_and_outbox")]

    operations = [
        migrations.AddField(
            model_name="comment",
            name="verdict_codes",
            field=models.CharField(blank=True, editable=False, max_length=300),
        ),
        migrations.AddIndex(
            model_name="comment",
            index=models.Index(fields=["verdict_codes"], name="comments_co_verdict_d8f677_idx"),
        ),
        migrations.RunPython(structure_reasons, sentences_again),
    ]
