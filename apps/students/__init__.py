"""Student profiles and each student's networking log."""
