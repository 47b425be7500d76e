"""Shared fixtures: the demo unit tree and one user per role (tests/factories.py builds the rest)."""

import pytest

from councils import demo
from councils.models import Council, Membership
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
