"""The demo unit tree and the demo logins (the whole demo's idempotence: tests/reports/test_demo.py)."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command

from councils import demo
from councils.models import AdministrativeUnit, Council, Membership, Term, UnitChangeEvent
from sessions.models import Session

TREE = [AdministrativeUnit, Council, Term, UnitChangeEvent]


@pytest.fixture
def demo_settings(settings):
    settings.DEBUG = True
    settings.DEMO_PASSWORD = "mat-khau-demo"
    return settings


def counts(models):
    return {model.__name__: model.objects.count() for model in models}


def test_the_unit_tree_is_the_districts_and_loading_it_again_changes_nothing(district):
    first = counts(TREE)
    demo.load_units()

    assert counts(TREE) == first
    assert first["AdministrativeUnit"] == 2 + 25 + 11
    assert first["UnitChangeEvent"] == 4


def test_demo_users_log_in_with_demo_password(client, district, demo_settings):
    demo.load_users()
    for username in ["huyen.huongson", "thuky.phochau", "thuky.sontay", "xem.huongson", "admin"]:
        assert client.login(username=username, password="mat-khau-demo"), username
    assert Membership.objects.get(user__username="huyen.huongson").can_review_subunits


def test_load_demo_refuses_to_create_users_without_debug_before_writing_anything(district, settings):
    settings.DEBUG = False
    settings.DEMO_PASSWORD = "x"
    with pytest.raises(ImproperlyConfigured, match="only with DEBUG on"):
        call_command("load_demo", stdout=io.StringIO())
    assert not get_user_model().objects.exists()
    assert not Session.objects.exists()
