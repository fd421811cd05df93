"""Role-matrix rows for the student's interview pages (apps/interviews/urls.py)."""

from tests.accounts.matrix import Row

ROWS: list[Row] = []
