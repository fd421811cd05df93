"""Role-matrix rows for the volunteer's inbox and emailed links (apps/interviews/inbox_urls.py)."""

from tests.accounts.matrix import Row

ROWS: list[Row] = []
