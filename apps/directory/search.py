"""Finding volunteers: full-text search, typo-tolerant employers, facets and fair ranking."""

import hashlib
from dataclasses import dataclass
from datetime import date

import django_filters
from django.conf import settings
from django.contrib.postgres.search import SearchQuery, SearchRank, TrigramWordSimilarity
from django.core.exceptions import EmptyResultSet
from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import (
    Case,
    Count,
    ExpressionWrapper,
    F,
    FloatField,
    Max,
    Q,
    QuerySet,
    Value,
    When,
)
from django.utils.functional import cached_property

from apps.directory.models import Employer, Format, Industry, JobFunction
from apps.directory.models import SpotlightProfile as Profile
from apps.interviews.clock import center_today

MAX_QUERY_LENGTH = 200
# How alike an employer name and a word in the query must be to count as a match (0 to 1).
EMPLOYER_SIMILARITY = 0.55
SORTS = {
    "relevance": "Best match",
    "active": "Recently active",
    "newest": "Most recent graduates",
    "oldest": "Earliest graduates",
}


def with_availability_of(profiles: list[Profile], today: date) -> list[Profile]:
    """Add what `with_availability` annotates to a page of profiles already loaded.

    In a separate query of its own, so that the ranking query does not work out availability
    for every match (thousands for a broad search) before keeping one page of them.
    """
    annotated = Profile.objects.filter(pk__in=[p.pk for p in profiles]).with_availability(today)
    availability = {row["pk"]: row for row in annotated.values("pk", "is_accepting", "is_away")}
    for profile in profiles:
        profile.is_accepting = availability[profile.pk]["is_accepting"]
        profile.is_away = availability[profile.pk]["is_away"]
    return profiles


def similar_employers(text: str) -> list[str]:
    """Employer names that appear in the text, even misspelt ("Gogle" finds Google).

    One pass over the small table of distinct employers, done once per search, so the main
    query can use its indexes with a plain list of names.
    """
    return list(
        Employer.objects.annotate(similarity=TrigramWordSimilarity(F("name"), Value(text)))
        .filter(similarity__gte=EMPLOYER_SIMILARITY)
        .order_by("-similarity")
        .values_list("name", flat=True)[:20]
    )


class DirectoryFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_text", label="Search")
    industry = django_filters.ModelMultipleChoiceFilter(
        to_field_name="slug",
        queryset=Industry.objects.all(),
        method="filter_industry",
        label="Industry",
    )
    function = django_filters.ModelMultipleChoiceFilter(
        to_field_name="slug",
        queryset=JobFunction.objects.all(),
        method="filter_function",
        label="Job function",
    )
    location = django_filters.CharFilter(method="filter_location", label="City, region or country")
    remote = django_filters.BooleanFilter(field_name="is_remote", label="Works remotely")
    graduated_from = django_filters.NumberFilter(
        field_name="graduation_year", lookup_expr="gte", label="Graduated from"
    )
    graduated_to = django_filters.NumberFilter(
        field_name="graduation_year", lookup_expr="lte", label="Graduated up to"
    )
    major = django_filters.CharFilter(field_name="major", lookup_expr="icontains", label="Major")
    format = django_filters.MultipleChoiceFilter(
        choices=Format.choices, method="filter_format", label="Format"
    )
    accepting = django_filters.BooleanFilter(method="filter_accepting", label="Accepting now")
    sort = django_filters.ChoiceFilter(
        choices=list(SORTS.items()), method="filter_sort", label="Sort by", empty_label=None
    )

    class Meta:
        model = Profile
        fields = []

    def filter_text(self, queryset, name, value):
        text = " ".join(value.split())[:MAX_QUERY_LENGTH]
        if not text:
            return queryset
        query = SearchQuery(text, search_type="websearch", config="english")
        rank = SearchRank(F("search_vector"), query)
        words_match = queryset.filter(search_vector=query)
        # Typo tolerance is the fallback: only when the words match nobody do we look for a
        # misspelt employer ("Gogle"), which saves every other search that pass.
        if words_match.exists():
            return words_match.annotate(relevance=rank)
        employers = similar_employers(text)
        if not employers:
            return words_match.annotate(relevance=rank)
        return queryset.filter(employer__in=employers).annotate(relevance=Value(0.5) + rank)

    # Any of the chosen terms; the arrays' GIN indexes answer without joins.
    def filter_industry(self, queryset, name, value):
        return (
            queryset.filter(industry_ids__overlap=[term.pk for term in value])
            if value
            else queryset
        )

    def filter_function(self, queryset, name, value):
        return (
            queryset.filter(function_ids__overlap=[term.pk for term in value])
            if value
            else queryset
        )

    def filter_location(self, queryset, name, value):
        value = value.strip()[:80]
        return queryset.filter(
            Q(city__iexact=value) | Q(region__iexact=value) | Q(country__iexact=value)
        )

    def filter_format(self, queryset, name, value):
        return queryset.filter(formats__overlap=list(value)) if value else queryset

    def filter_accepting(self, queryset, name, value):
        if value is None:
            return queryset
        today = center_today()
        return queryset.accepting(today) if value else queryset.not_accepting(today)

    def filter_sort(self, queryset, name, value):
        return queryset  # applied in Search.page once relevance is known


@dataclass(frozen=True)
class Facet:
    name: str
    label: str
    options: list[tuple[str, str, int, bool]]  # (value, label, count, is chosen)


# What a result card shows, and what ranking needs; stories and the search vector stay behind.
CARD_FIELDS = [
    "full_name", "job_title", "employer", "graduation_year", "major", "topics",
    "paused_until", "monthly_cap", "month_request_count", "counted_month", "last_active_at",
    "rank_weight",
]  # fmt: skip
PAGE_SIZE = 20
# Everything in the address that changes what the search page shows.
SEARCH_PARAMETERS = (
    "q", "industry", "function", "location", "remote", "graduated_from", "graduated_to",
    "major", "format", "accepting", "sort", "page",
)  # fmt: skip


class Search:
    """One directory search, run only when the page has to show it.

    The search page keeps what it rendered for a search for a minute (see `key`): the same
    searches recur (the whole directory, an industry, a popular topic), and most of a search's
    cost is in building and rendering its results.
    """

    def __init__(self, params, today: date | None = None):
        self.params = params
        self.today = today or center_today()
        self.cache_seconds = settings.SPOTLIGHT_SEARCH_CACHE_SECONDS

    @cached_property
    def filterset(self) -> DirectoryFilter:
        published = Profile.objects.filter(is_published=True).only(*CARD_FIELDS)
        return DirectoryFilter(self.params, queryset=published)

    @cached_property
    def is_valid(self) -> bool:
        return self.filterset.is_valid()

    @cached_property
    def key(self) -> str:
        """The search, the day (availability changes with it) and the directory's latest change,
        so that any change to a profile is seen at once."""
        latest = Profile.objects.aggregate(latest=Max("updated_at"))["latest"]
        search = [(name, sorted(self.params.getlist(name))) for name in SEARCH_PARAMETERS]
        text = repr((search, self.today, latest))
        return hashlib.sha256(text.encode()).hexdigest()

    @cached_property
    def matching(self) -> QuerySet:
        return self.filterset.qs if self.is_valid else self.filterset.queryset.none()

    @cached_property
    def page(self) -> Page:
        sort = self.filterset.form.cleaned_data.get("sort") if self.is_valid else ""
        ranked = order(self.matching, sort).prefetch_related("industries")
        paginator = Paginator(ranked, PAGE_SIZE)
        paginator.count = self.counts.get(TOTAL, 0)  # counted with the facets, in one pass
        page = paginator.get_page(self.params.get("page"))
        page.object_list = with_availability_of(list(page.object_list), self.today)
        return page

    @cached_property
    def counts(self) -> dict:
        return facet_counts(self.matching)

    @cached_property
    def facets(self) -> list[Facet]:
        return [
            _facet("industry", "Industry", Industry.objects.all(), self.counts, self.params),
            _facet("function", "Job function", JobFunction.objects.all(), self.counts, self.params),
        ]


def order(results: QuerySet, sort: str) -> QuerySet:
    if sort == "active":
        return results.order_by("-last_active_at", "pk")
    if sort == "newest":
        return results.order_by(F("graduation_year").desc(nulls_last=True), "pk")
    if sort == "oldest":
        return results.order_by(F("graduation_year").asc(nulls_last=True), "pk")
    # Fair ranking: relevance times the volunteer's stored ranking weight (directory.ranking),
    # so that among equally relevant volunteers those with room come first and demand spreads.
    if "relevance" not in results.query.annotations:
        return results.order_by("-rank_weight", "-last_active_at", "pk")
    score = ExpressionWrapper(F("relevance") * F("rank_weight"), output_field=FloatField())
    return results.annotate(score=score).order_by("-score", "-last_active_at", "pk")


FACET_COUNTS = """
    WITH matching AS MATERIALIZED ({0})
    SELECT 'industry', term, count(*) FROM (SELECT unnest(industry_ids) AS term FROM matching) i
     GROUP BY term
    UNION ALL
    SELECT 'function', term, count(*) FROM (SELECT unnest(function_ids) AS term FROM matching) f
     GROUP BY term
    UNION ALL
    SELECT 'total', 0, count(*) FROM matching
"""
TOTAL = ("total", 0)


def facet_counts(matching: QuerySet) -> dict:
    """How many of the matching volunteers have each industry and job function, and in all."""
    query = matching.order_by().values("industry_ids", "function_ids").query
    try:
        sql, params = query.sql_with_params()
    except EmptyResultSet:  # a search that cannot match anything (e.g. a filter it refused)
        return {}
    with connection.cursor() as cursor:
        cursor.execute(FACET_COUNTS.format(sql), params)
        return {(kind, term): total for kind, term, total in cursor.fetchall()}


def _facet(name: str, label: str, terms, counts: dict, params) -> Facet:
    chosen = set(params.getlist(name)) if hasattr(params, "getlist") else set()
    options = [
        (term.slug, term.name, counts[(name, term.pk)], term.slug in chosen)
        for term in terms
        if (name, term.pk) in counts
    ]
    options.sort(key=lambda option: (-option[2], option[1]))
    return Facet(name, label, options)


def suggestions_for(student_profile, *, limit: int = 5, exclude_ids=()) -> QuerySet:
    """Volunteers a student could talk to: sharing their industries, job functions or major,
    or matching words of their goals; available volunteers with room first."""
    saved = student_profile.pk is not None  # an unsaved profile has no terms yet
    industries = list(student_profile.industries.values_list("pk", flat=True)) if saved else []
    functions = list(student_profile.job_functions.values_list("pk", flat=True)) if saved else []
    goal_words = [word for word in student_profile.goals.split() if len(word) > 3][:20]
    profiles = (
        Profile.objects.filter(is_published=True)
        .exclude(pk__in=list(exclude_ids))
        .with_availability(center_today())
        .filter(is_accepting=True)
    )
    # Each term only when it can match: an empty IN list would empty the whole query.
    score = Value(0)
    if industries:
        score = score + Count("industries", filter=Q(industries__in=industries), distinct=True) * 2
    if functions:
        score = (
            score + Count("job_functions", filter=Q(job_functions__in=functions), distinct=True) * 2
        )
    if student_profile.major:
        score = score + Case(
            When(major__iexact=student_profile.major, then=Value(2)), default=Value(0)
        )
    if goal_words:
        goals = SearchQuery(" or ".join(goal_words), search_type="websearch", config="english")
        score = score + Case(When(search_vector=goals, then=Value(1)), default=Value(0))
    return (
        profiles.annotate(match=score)
        .filter(match__gt=0)
        .order_by("-match", "load", "-last_active_at", "pk")[:limit]
    )
