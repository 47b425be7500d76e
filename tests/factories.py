import datetime

import factory
from django.contrib.auth import get_user_model

from councils.models import AdministrativeUnit, Council, Membership, Term, UnitType

PASSWORD = "mat-khau-thu-nghiem"


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AdministrativeUnit

    name = factory.Sequence(lambda n: f"Xã Thử {n}")
    slug = factory.Sequence(lambda n: f"xa-thu-{n}")
    unit_type = UnitType.XA
    valid_from = datetime.date(2016, 1, 1)


class CouncilFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Council

    unit = factory.SubFactory(UnitFactory)


class TermFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Term

    council = factory.SubFactory(CouncilFactory)
    start_date = datetime.date(2021, 6, 25)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password(PASSWORD)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    council = factory.SubFactory(CouncilFactory)
    role = Membership.Role.CLERK
