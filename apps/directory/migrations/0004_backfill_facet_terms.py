from django.db import migrations

BACKFILL = """
UPDATE directory_spotlightprofile p SET
    industry_ids = COALESCE((
        SELECT array_agg(industry_id ORDER BY industry_id)
          FROM directory_spotlightprofile_industries WHERE spotlightprofile_id = p.id
    ), '{}'),
    function_ids = COALESCE((
        SELECT array_agg(jobfunction_id ORDER BY jobfunction_id)
          FROM directory_spotlightprofile_job_functions WHERE spotlightprofile_id = p.id
    ), '{}')
"""


class Migration(migrations.Migration):
    """Fill the new facet copies for profiles saved before they existed."""

    dependencies = [("directory", "0003_facet_term_copies")]

    operations = [migrations.RunSQL(BACKFILL, reverse_sql=migrations.RunSQL.noop)]
