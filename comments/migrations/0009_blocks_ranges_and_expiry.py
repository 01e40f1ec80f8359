"""Blocks name an email, an exact IP or a range, and may expire.

Until now a block on an IPv6 address covered its /64: such blocks become range blocks too,
so that none lets through what it stopped before.
"""

from django.conf import settings
from django.db import migrations, models


def keep_ipv6_blocks_on_their_64(apps, schema_editor):
    BlockedCommenter = apps.get_model("comments", "BlockedCommenter")
    for block in BlockedCommenter.objects.filter(ip_group__contains=":"):
        block.ip_range = block.ip_group  # already the /64 (comments.client_ip.ip_group)
        block.save(update_fields=["ip_range"])


class Migration(migrations.Migration):
    dependencies = [
        ("comments", "0008_comment_content_version"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="blockedcommenter",
            name="comments_blockedcommenter_email_or_ip",
        ),
        migrations.AddField(
            model_name="blockedcommenter",
            name="expires_at",
            field=models.DateTimeField(
                blank=True,
                help_text="Empty: the block lasts until lifted.",
                null=True,
                verbose_name="expires",
            ),
        ),
        migrations.AddField(
            model_name="blockedcommenter",
            name="ip_range",
            field=models.CharField(
                blank=True,
                db_index=True,
                help_text="An IPv4 /24 or IPv6 /64, such as 203.0.113.0/24: everyone on that network.",
                max_length=50,
                verbose_name="IP range",
            ),
        ),
        migrations.RunPython(keep_ipv6_blocks_on_their_64, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="blockedcommenter",
            name="note",
            field=models.CharField(blank=True, max_length=200, verbose_name="reason"),
        ),
        migrations.AddConstraint(
            model_name="blockedcommenter",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("email", ""), _negated=True),
                    ("ip_address__isnull", False),
                    models.Q(("ip_range", ""), _negated=True),
                    _connector="OR",
                ),
                name="comments_blockedcommenter_email_or_ip",
            ),
        ),
    ]
