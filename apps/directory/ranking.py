"""Each volunteer's ranking weight: how strongly the directory puts them forward.

Fair ranking multiplies a search's relevance by this weight: 1.0 for a volunteer who can take a
request today and 0.5 for one who is full, paused or away, times (1 - 0.4 * how full their
month is), so that demand spreads out. It is kept as a column, so that ordering the whole
directory reads an index instead of working out every volunteer's availability. It is refreshed
with every change it depends on (services) and each night (tasks), when pauses end, days away
begin and months turn.
"""

from datetime import date

from django.db.models import (
    Case,
    ExpressionWrapper,
    FloatField,
    QuerySet,
    Value,
    When,
)

from apps.directory.models import SpotlightProfile, accepting_on, month_load
from apps.interviews.clock import center_today


def weight(today: date) -> ExpressionWrapper:
    available = Case(
        When(accepting_on(today), then=Value(1.0)), default=Value(0.5), output_field=FloatField()
    )
    return ExpressionWrapper(
        available * (Value(1.0) - Value(0.4) * month_load(today)), output_field=FloatField()
    )


def refresh(profiles: QuerySet | None = None, today: date | None = None) -> int:
    """Recompute the weight of these profiles (all of them by default); returns how many."""
    rows = SpotlightProfile.objects.all() if profiles is None else profiles
    return rows.update(rank_weight=weight(today or center_today()))
