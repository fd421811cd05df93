"""Informational interview requests, from the ask to the thank-you note."""
