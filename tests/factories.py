import factory
from allauth.account.models import EmailAddress
from django.utils import timezone

from apps.accounts.models import AlumniApplication, Invitation, Role, User, token_digest
from apps.directory.models import Industry, JobFunction, SpotlightProfile
from apps.directory.services import refresh_search, remember_employers
from apps.notifications.models import Email

PASSWORD = "a-long-test-password"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.edu")
    full_name = factory.Faker("name")
    role = Role.STUDENT
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def verified(user, create, extracted, **kwargs):
        if create and extracted is not False:
            EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=True)


class StudentFactory(UserFactory):
    role = Role.STUDENT


class AlumniFactory(UserFactory):
    email = factory.Sequence(lambda n: f"alum{n}@alumni.example.org")
    role = Role.ALUMNI


class AdvisorFactory(UserFactory):
    email = factory.Sequence(lambda n: f"advisor{n}@careers.example.edu")
    role = Role.ADVISOR


class StaffFactory(UserFactory):
    email = factory.Sequence(lambda n: f"staff{n}@careers.example.edu")
    role = Role.STAFF
    is_staff = True


class InvitationFactory(factory.django.DjangoModelFactory):
    """Pass `token` to know the link; only its digest is stored."""

    class Meta:
        model = Invitation

    class Params:
        token = factory.Sequence(lambda n: f"test-token-{n}")

    email = factory.Sequence(lambda n: f"invitee{n}@alumni.example.org")
    full_name = factory.Faker("name")
    role = Role.ALUMNI
    token_digest = factory.LazyAttribute(lambda o: token_digest(o.token))
    expires_at = factory.LazyFunction(lambda: timezone.now() + timezone.timedelta(days=14))


class AlumniApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AlumniApplication

    email = factory.Sequence(lambda n: f"applicant{n}@alumni.example.org")
    full_name = factory.Faker("name")
    graduation_year = 2012
    degree = "BA Economics"
    employer = "Northwind Traders"
    job_title = "Analyst"
    motivation = "I would love to tell students how I moved from economics into data work."


class EmailFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Email

    event = "test"
    event_key = factory.Sequence(lambda n: f"test:{n}")
    recipient = factory.Sequence(lambda n: f"reader{n}@alumni.example.org")
    subject = "A message from Spotlight"
    body_text = "Hello."
    message_id = factory.Sequence(lambda n: f"<{n}.test@spotlight.example.edu>")


class VocabularyFactory(factory.django.DjangoModelFactory):
    class Meta:
        abstract = True
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Term {n}")
    slug = factory.LazyAttribute(lambda o: o.name.lower().replace(" ", "-"))


class IndustryFactory(VocabularyFactory):
    class Meta:
        model = Industry


class JobFunctionFactory(VocabularyFactory):
    class Meta:
        model = JobFunction


class SpotlightProfileFactory(factory.django.DjangoModelFactory):
    """A published volunteer with their account, searchable at once. Pass industries=[...] to
    tag them; is_published=False gives a profile nobody has claimed yet."""

    class Meta:
        model = SpotlightProfile
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"volunteer{n}@alumni.example.org")
    full_name = factory.Faker("name")
    graduation_year = 2012
    major = "Economics"
    employer = "Northwind Traders"
    job_title = "Analyst"
    formats = factory.LazyFunction(lambda: ["video"])
    is_published = True
    # Only a person who joined and agreed can be listed: a published profile comes with both.
    user = factory.Maybe(
        "is_published",
        yes_declaration=factory.SubFactory(
            AlumniFactory,
            email=factory.SelfAttribute("..email"),
            full_name=factory.SelfAttribute("..full_name"),
        ),
        no_declaration=None,
    )
    agreed_at = factory.Maybe(
        "is_published", yes_declaration=factory.LazyFunction(timezone.now), no_declaration=None
    )

    @factory.post_generation
    def industries(profile, create, extracted, **kwargs):
        if create and extracted:
            profile.industries.set(extracted)

    @factory.post_generation
    def searchable(profile, create, extracted, **kwargs):
        if create:
            remember_employers([profile.employer])
            refresh_search([profile.pk])


# --- Interviews ------------------------------------------------------------------------------
# For lists and pages. To test behaviour, send requests through interviews.services instead:
# these factories write rows directly, with no rules, timeline or emails.


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "interviews.Question"

    text = factory.Sequence(lambda n: f"What would you ask in question {n}?")
    topic = "Advice"
    position = factory.Sequence(lambda n: 1000 + n)


class SlowPeriodFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "interviews.SlowPeriod"

    name = "Winter break"
    starts_on = factory.LazyFunction(lambda: timezone.localdate() + timezone.timedelta(days=20))
    ends_on = factory.LazyAttribute(lambda o: o.starts_on + timezone.timedelta(days=14))


class InterviewRequestFactory(factory.django.DjangoModelFactory):
    """A request waiting for an answer, with two proposed times; pass times=[...] to choose."""

    class Meta:
        model = "interviews.InterviewRequest"
        skip_postgeneration_save = True

    student = factory.SubFactory(StudentFactory)
    profile = factory.SubFactory(SpotlightProfileFactory)
    purpose = (
        "You moved from teaching into credit analysis at Northwind Traders; I am weighing the "
        "same switch and would like to hear which skills carried over and what surprised you."
    )
    questions = factory.LazyFunction(lambda: ["What does a normal week look like?"])
    format = "video"
    minutes = 20
    student_time_zone = "UTC"
    volunteer_time_zone = "UTC"

    @factory.post_generation
    def times(request, create, extracted, **kwargs):
        if not create:
            return
        now = timezone.now()
        starts = extracted or [now + timezone.timedelta(days=3), now + timezone.timedelta(days=4)]
        for position, starts_at in enumerate(starts):
            ProposedTimeFactory(request=request, starts_at=starts_at, position=position)


class ProposedTimeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "interviews.ProposedTime"

    request = factory.SubFactory(InterviewRequestFactory, times=[])
    starts_at = factory.LazyFunction(lambda: timezone.now() + timezone.timedelta(days=3))
    proposed_by = "student"
    position = factory.Sequence(lambda n: n)
