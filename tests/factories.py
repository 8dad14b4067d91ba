import factory
from django.contrib.auth import get_user_model

from backend.organisations.models import (
    Department,
    Employee,
    EmployeeRole,
    Location,
    Organisation,
)
from backend.organisations.roles import Role

PASSWORD = "correct-horse-battery-staple"


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Gemeente {n}")
    slug = factory.Sequence(lambda n: f"gemeente-{n}")


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Afdeling {n}")


class LocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Location

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Vestiging {n}")
    street_address = factory.Faker("street_address", locale="nl_NL")
    postal_code = factory.Faker("postcode", locale="nl_NL")
    city = factory.Faker("city", locale="nl_NL")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"medewerker-{n}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class EmployeeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Employee
        skip_postgeneration_save = True

    organisation = factory.SubFactory(OrganisationFactory)
    user = factory.SubFactory(UserFactory)
    employee_number = factory.Sequence(lambda n: f"P{n:05d}")
    first_name = factory.Faker("first_name", locale="nl_NL")
    last_name = factory.Faker("last_name", locale="nl_NL")
    email = factory.LazyAttribute(lambda o: f"{o.user.username}@example.org")
    department = factory.SubFactory(
        DepartmentFactory, organisation=factory.SelfAttribute("..organisation")
    )
    location = factory.SubFactory(
        LocationFactory, organisation=factory.SelfAttribute("..organisation")
    )

    @factory.post_generation
    def roles(obj, create, extracted, **kwargs):
        if not create:
            return
        roles = {Role.EMPLOYEE, *(extracted or [])}
        EmployeeRole.objects.bulk_create(EmployeeRole(employee=obj, role=role) for role in roles)
