# A profile is listed only once its person has joined and agreed. Nobody has agreed on record
# before this migration, so every listed profile leaves the directory until its volunteer
# agrees on their volunteer home; staff then publish it again.

from django.conf import settings
from django.db import migrations, models

UNLIST = """
UPDATE directory_spotlightprofile
   SET is_published = false, published_at = NULL
 WHERE is_published
"""


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0008_compute_rank_weights"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="spotlightprofile",
            name="agreed_at",
            field=models.DateTimeField(
                blank=True, editable=False, null=True, verbose_name="agreed to be listed"
            ),
        ),
        migrations.RunSQL(UNLIST, reverse_sql=migrations.RunSQL.noop),
        migrations.AddConstraint(
            model_name="spotlightprofile",
            constraint=models.CheckConstraint(
                condition=models.Q(is_published=False)
                | models.Q(agreed_at__isnull=False, user__isnull=False),
                name="profile_listed_only_when_joined_and_agreed",
            ),
        ),
    ]
