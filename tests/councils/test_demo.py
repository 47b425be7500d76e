import io

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command

from councils.models import AdministrativeUnit, Council, Membership, Term, UnitChangeEvent

MODELS = [AdministrativeUnit, Council, Term, UnitChangeEvent, Membership, get_user_model()]


@pytest.fixture
def demo_settings(settings):
    settings.DEBUG = True
    settings.DEMO_PASSWORD = "mat-khau-demo"
    return settings


def counts():
    return {model.__name__: model.objects.count() for model in MODELS}


def test_load_demo_is_idempotent(db, demo_settings):
    call_command("load_demo", stdout=io.StringIO())
    first = counts()
    call_command("load_demo", stdout=io.StringIO())

    assert counts() == first
    assert first["AdministrativeUnit"] == 2 + 25 + 11
    assert first["UnitChangeEvent"] == 4


def test_demo_users_log_in_with_demo_password(client, db, demo_settings):
    call_command("load_demo", stdout=io.StringIO())
    for username in ["huyen.huongson", "thuky.phochau", "thuky.sontay", "xem.huongson", "admin"]:
        assert client.login(username=username, password="mat-khau-demo"), username
    assert Membership.objects.get(user__username="huyen.huongson").can_review_subunits


def test_load_demo_refuses_to_create_users_without_debug(db, settings):
    settings.DEBUG = False
    settings.DEMO_PASSWORD = "x"
    with pytest.raises(ImproperlyConfigured, match="only with DEBUG on"):
        call_command("load_demo", stdout=io.StringIO())
    assert not get_user_model().objects.exists()
