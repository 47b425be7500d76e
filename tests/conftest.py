"""Shared fixtures: the demo unit tree and one user per role (tests/factories.py builds the rest)."""

import pytest
from django.db import transaction

from councils import demo
from councils.models import Council, Membership
from oversight import demo as oversight_demo
from reports import demo as reports_demo
from sessions import demo as sessions_demo
from tests.factories import MembershipFactory, UserFactory


@pytest.fixture(autouse=True)
def _plain_static_storage(settings):
    """Production hashes static names through a manifest built by collectstatic; tests don't build it."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.WHITENOISE_AUTOREFRESH = True


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Uploaded attachments go to a directory of the test's own."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def district(db) -> Council:
    """Hương Sơn's council, with its province and 25 communes (and the 11 merged away in 2020)."""
    return demo.load_units()


@pytest.fixture(scope="module")
def _demo_database(django_db_setup, django_db_blocker):
    """The 2023 demo data, loaded once per test module inside a transaction rolled back at the
    module's end; each test runs in a savepoint inside it, as Django's TestCase.setUpTestData does."""
    with django_db_blocker.unblock(), transaction.atomic():
        district = demo.load_units()
        sessions_demo.load_2023(district)
        oversight_demo.load_2023(district)
        reports_demo.load_2023(district)
        yield district.pk
        transaction.set_rollback(True)


@pytest.fixture
def demo_2023(_demo_database, db) -> Council:
    """Hương Sơn's council with the whole 2023 demo: the article's figures and the rest."""
    return Council.objects.with_unit().get(pk=_demo_database)


@pytest.fixture
def pho_chau(district) -> Council:
    return Council.objects.get(unit__slug="pho-chau")


@pytest.fixture
def son_tay(district) -> Council:
    return Council.objects.get(unit__slug="son-tay")


@pytest.fixture
def clerk(pho_chau):
    """Phố Châu's clerk."""
    return MembershipFactory(user=UserFactory(username="thuky.phochau"), council=pho_chau).user


@pytest.fixture
def other_clerk(son_tay):
    return MembershipFactory(user=UserFactory(username="thuky.sontay"), council=son_tay).user


@pytest.fixture
def reviewer(district):
    return MembershipFactory(
        user=UserFactory(username="huyen.huongson"), council=district, role=Membership.Role.REVIEWER
    ).user


@pytest.fixture
def viewer(district):
    return MembershipFactory(
        user=UserFactory(username="xem.huongson"), council=district, role=Membership.Role.VIEWER
    ).user
