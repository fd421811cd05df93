from django.contrib.postgres.operations import TrigramExtension, UnaccentExtension
from django.db import migrations


class Migration(migrations.Migration):
    """pg_trgm for typo-tolerant employer matching; unaccent for searching names as typed."""

    operations = [TrigramExtension(), UnaccentExtension()]
