import pytest
from django.urls import reverse
from django.utils import timezone

from apps.directory.models import Blackout
from tests.factories import IndustryFactory, JobFunctionFactory, SpotlightProfileFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(db):
    """A small hand-built directory with one obvious answer for each realistic query."""
    health = IndustryFactory(name="Healthcare", slug="healthcare")
    finance = IndustryFactory(name="Finance", slug="finance")
    return {
        "google": SpotlightProfileFactory(
            full_name="Dana Whitfield", employer="Google", job_title="Software engineer",
            industries=[IndustryFactory(name="Technology", slug="technology")],
        ),
        "product": SpotlightProfileFactory(
            full_name="Marco Bianchi", employer="Contoso", job_title="Designer",
            topics=["product management", "changing careers"],
        ),
        "nurse": SpotlightProfileFactory(
            full_name="Aisha Bello", employer="St. Mary's Hospital", job_title="Nurse manager",
            industries=[health], story_path="I studied biology and found my way into nursing.",
        ),
        "banker": SpotlightProfileFactory(
            full_name="Priya Raman", employer="Fabrikam Bank", job_title="Credit analyst",
            industries=[finance], formats=["phone"], graduation_year=2001,
        ),
    }  # fmt: skip


def results(client, **params) -> list[str]:
    response = client.get(reverse("directory:search"), params)
    assert response.status_code == 200
    return [profile.full_name for profile in response.context["search"].page.object_list]


@pytest.fixture
def browsing(client, student):
    client.force_login(student)
    return client


@pytest.mark.parametrize(
    ("query", "who"),
    [
        ("Gogle", "google"),  # an employer with a typo
        ("product management", "product"),  # a topic
        ("healthcare", "nurse"),  # an industry
        ("nursing", "nurse"),  # a word from the story
        ("Priya", "banker"),  # a name
        ("credit analyst", "banker"),  # a job title
    ],
)
def test_the_right_person_ranks_first(browsing, people, query, who):
    assert results(browsing, q=query)[0] == people[who].full_name


def test_words_in_names_and_titles_outrank_words_in_stories(browsing, people):
    SpotlightProfileFactory(full_name="Sam Nurse Story", job_title="Nurse educator")

    found = results(browsing, q="nurse")

    assert found[:2] == ["Aisha Bello", "Sam Nurse Story"] or found[0] == "Sam Nurse Story"
    assert "Aisha Bello" in found


def test_facets_combine_with_each_other_and_the_query(browsing, people):
    assert results(browsing, industry="finance", format="phone") == ["Priya Raman"]
    assert results(browsing, industry="finance", format="video") == []
    assert results(browsing, graduated_to="2005") == ["Priya Raman"]
    assert results(browsing, q="nursing", industry="finance") == []


def test_facet_counts_follow_the_results(browsing, people):
    response = browsing.get(reverse("directory:search"), {"q": "healthcare"})

    industry = response.context["search"].facets[0]
    assert industry.options == [("healthcare", "Healthcare", 1, False)]


def test_accepting_now_leaves_out_paused_full_and_away_volunteers(browsing, people):
    today = timezone.localdate()
    people["google"].paused_until = today + timezone.timedelta(days=10)
    people["google"].save()
    people["product"].monthly_cap = 2
    people["product"].month_request_count = 2
    people["product"].counted_month = today.replace(day=1)
    people["product"].save()
    Blackout.objects.create(profile=people["nurse"], starts_on=today, ends_on=today)

    assert results(browsing, accepting="true") == ["Priya Raman"]


def test_among_equals_the_available_and_least_asked_come_first(browsing):
    month = timezone.localdate().replace(day=1)
    same = {"employer": "Tailspin Toys", "job_title": "Buyer", "monthly_cap": 4}
    full = SpotlightProfileFactory(full_name="Full Person", month_request_count=4,
                                   counted_month=month, **same)  # fmt: skip
    busy = SpotlightProfileFactory(full_name="Busy Person", month_request_count=3,
                                   counted_month=month, **same)  # fmt: skip
    free = SpotlightProfileFactory(full_name="Free Person", **same)

    assert results(browsing, q="Tailspin buyer") == [free.full_name, busy.full_name, full.full_name]


def test_last_months_requests_do_not_count_against_this_month(browsing):
    last_month = (timezone.localdate().replace(day=1) - timezone.timedelta(days=1)).replace(day=1)
    SpotlightProfileFactory(full_name="Was Busy", month_request_count=9, counted_month=last_month)

    assert results(browsing, accepting="true") == ["Was Busy"]


def test_unpublished_profiles_never_appear(browsing):
    SpotlightProfileFactory(full_name="Hidden Person", is_published=False)

    assert results(browsing, q="Hidden") == []
    assert results(browsing) == []


@pytest.mark.parametrize(
    "query",
    ['"unbalanced', "a & | ! ( ) :* <->", "x" * 10_000, "🚀 café ☕", "' OR 1=1 --", "\\", "\x00"],
)
def test_any_search_text_returns_a_page(browsing, people, query):
    response = browsing.get(reverse("directory:search"), {"q": query, "graduated_from": "abc"})

    assert response.status_code == 200


@pytest.mark.parametrize(
    ("sort", "first"), [("newest", "Dana Whitfield"), ("oldest", "Priya Raman")]
)
def test_results_sort_by_graduation_year(browsing, people, sort, first):
    people["google"].graduation_year = 2020
    people["google"].save()

    assert results(browsing, sort=sort)[0] == first


def test_an_empty_search_explains_itself(browsing, people):
    page = browsing.get(reverse("directory:search"), {"q": "zzzzqqq"}).content.decode()

    assert "Nobody matches this search" in page


@pytest.mark.parametrize("volunteers", [10, 40])
def test_the_search_page_makes_the_same_queries_for_any_number_of_volunteers(
    browsing, django_assert_num_queries, volunteers
):
    finance = IndustryFactory(name="Finance", slug="finance")
    JobFunctionFactory(name="Sales", slug="sales")
    SpotlightProfileFactory.create_batch(volunteers, industries=[finance])
    search = {"q": "analyst", "industry": "finance"}

    # session, user, the directory's latest change, the chosen industry, whether the words
    # match, facet counts with the result count, industry and job function names, result page,
    # the page's availability, industries of the page
    with django_assert_num_queries(11):
        browsing.get(reverse("directory:search"), search)
    # The same search again: session, user and the directory's latest change.
    with django_assert_num_queries(3):
        browsing.get(reverse("directory:search"), search)


def test_a_repeated_search_shows_a_change_to_any_profile_at_once(browsing, people):
    assert results(browsing, q="designer") == ["Marco Bianchi"]
    page = browsing.get(reverse("directory:search"), {"q": "designer"}).content.decode()
    assert "Marco Bianchi" in page

    SpotlightProfileFactory(full_name="Lena Vogel", job_title="Designer")
    people["product"].refresh_from_db()  # the factory's copy lacks the search columns
    people["product"].paused_until = timezone.localdate() + timezone.timedelta(days=3)
    people["product"].save()
    page = browsing.get(reverse("directory:search"), {"q": "designer"}).content.decode()

    assert "Lena Vogel" in page
    assert "2 volunteers found" in page
    assert "Paused" in page


def test_a_repeated_search_is_not_built_again(browsing, people, django_assert_max_num_queries):
    browsing.get(reverse("directory:search"), {"industry": "finance"})

    with django_assert_max_num_queries(4):
        page = browsing.get(reverse("directory:search"), {"industry": "finance"}).content.decode()
    assert "Priya Raman" in page
    assert "1 volunteer found" in page
