from django.db import migrations

# Under the new rule a second offer from an address that already has one waiting is thanked and
# not saved. Offers saved twice before the rule stay (they are someone's words), but only the
# first of each address keeps waiting, so that the constraint can be added; the later copies are
# marked declined without a reviewer and without an email, where staff can still read them.
DECLINE_LATER_COPIES = """
UPDATE accounts_alumniapplication later
   SET status = 'declined'
  FROM accounts_alumniapplication earlier
 WHERE later.status = 'pending' AND earlier.status = 'pending'
   AND later.email = earlier.email
   AND (later.created_at, later.id) > (earlier.created_at, earlier.id)
"""


class Migration(migrations.Migration):
    """Keep only the first waiting volunteer offer for each email address waiting."""

    dependencies = [("accounts", "0001_users_invitations_applications")]

    operations = [migrations.RunSQL(DECLINE_LATER_COPIES, reverse_sql=migrations.RunSQL.noop)]
