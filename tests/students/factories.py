import factory

from apps.students.models import Contact, Relationship
from tests.factories import StudentFactory


class ContactFactory(factory.django.DjangoModelFactory):
    """A person in a student's networking log; a new student owns it unless one is given."""

    class Meta:
        model = Contact

    student = factory.SubFactory(StudentFactory)
    name = factory.Faker("name")
    organisation = "Northwind Traders"
    job_title = "Analyst"
    relationship = Relationship.PROFESSOR
