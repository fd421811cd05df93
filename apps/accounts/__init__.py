"""People who sign in, their roles and invitations."""
