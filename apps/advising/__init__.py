"""Advisors' views of their students' networking progress."""
