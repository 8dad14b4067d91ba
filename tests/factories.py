import datetime

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


class CampaignFactory(factory.django.DjangoModelFactory):
    """An open campaign (nominations from a week ago to next week, delivery in two weeks)."""

    class Meta:
        model = "compliments.Campaign"
        skip_postgeneration_save = True

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Valentijn {2027 + n}")
    nomination_starts_on = factory.LazyFunction(lambda: _today() - datetime.timedelta(days=7))
    nomination_ends_on = factory.LazyFunction(lambda: _today() + datetime.timedelta(days=7))
    delivery_date = factory.LazyFunction(lambda: _today() + datetime.timedelta(days=14))
    sender_limit = 3
    moderation_required = False

    @factory.post_generation
    def with_values_and_gifts(obj, create, extracted, **kwargs):
        if not create:
            return
        from campaigns.compliments.models import GiftOption
        from campaigns.compliments.services import campaign_values_default_add

        campaign_values_default_add(campaign=obj)
        GiftOption.objects.create(campaign=obj, name="roos", position=0)
        GiftOption.objects.create(campaign=obj, name="muffin", position=1)


def _today():
    from django.utils import timezone

    return timezone.localdate()


class ComplimentFactory(factory.django.DjangoModelFactory):
    """Stored directly, for tests of what others see; sending itself goes through the API."""

    class Meta:
        model = "compliments.Compliment"
        skip_postgeneration_save = True

    campaign = factory.SubFactory(CampaignFactory)
    sender = factory.SubFactory(
        EmployeeFactory, organisation=factory.SelfAttribute("..campaign.organisation")
    )
    recipient = factory.SubFactory(
        EmployeeFactory, organisation=factory.SelfAttribute("..campaign.organisation")
    )
    location = factory.SelfAttribute("recipient.location")
    reason = "Je hielp de inwoner geduldig met het formulier."
    gift = factory.LazyAttribute(lambda o: o.campaign.gifts.first())
    status = "goedgekeurd"
    content_digest = "-"
    card_number = factory.Sequence(lambda n: n + 1)

    @factory.post_generation
    def with_values(obj, create, extracted, **kwargs):
        if create:
            obj.values.set(extracted or obj.campaign.values.all()[:2])
