# Data migration: every profile's first ranking weight (see apps/directory/ranking.py). Written
# in SQL because a migration must not depend on the app's code as it changes; the nightly task
# recomputes it in the career center's time zone.

from django.db import migrations

COMPUTE = """
UPDATE directory_spotlightprofile AS profile
   SET rank_weight =
       CASE WHEN (profile.paused_until IS NULL OR profile.paused_until < CURRENT_DATE)
             AND (profile.counted_month IS DISTINCT FROM date_trunc('month', CURRENT_DATE)::date
                  OR profile.month_request_count < profile.monthly_cap)
             AND NOT EXISTS (SELECT 1 FROM directory_blackout AS away
                              WHERE away.profile_id = profile.id
                                AND away.starts_on <= CURRENT_DATE
                                AND away.ends_on >= CURRENT_DATE)
            THEN 1.0 ELSE 0.5 END
       * (1.0 - 0.4 * (CASE WHEN profile.counted_month = date_trunc('month', CURRENT_DATE)::date
                            THEN profile.month_request_count ELSE 0 END)::float
                     / GREATEST(profile.monthly_cap, 1))
"""


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0007_profile_rank_weight"),
    ]

    operations = [
        migrations.RunSQL(COMPUTE, reverse_sql=migrations.RunSQL.noop),
    ]
