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
    unit_type = UnitType.COMMUNE
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


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "council_sessions.Session"

    council = factory.SubFactory(CouncilFactory)
    term = factory.LazyAttribute(lambda s: s.council.terms.first() or TermFactory(council=s.council))
    ordinal = factory.Sequence(lambda n: n + 1)
    kind = "THUONG_LE"
    start_date = datetime.date(2023, 7, 11)
    end_date = factory.LazyAttribute(lambda s: s.start_date)


class ResolutionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "council_sessions.Resolution"

    session = factory.SubFactory(SessionFactory)
    code = factory.Sequence(lambda n: f"{n + 1:02d}/NQ-HĐND")
    number = factory.LazyAttribute(lambda r: int(r.code.split("/")[0]))
    adopted_on = factory.LazyAttribute(lambda r: r.session.start_date)
    summary = "Về dự toán ngân sách năm 2024"
