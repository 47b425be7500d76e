"""Every parameter a user can put in a URL is an access decision: no lookup, list filter,
ordering or search may let anyone learn what they may not read (a petitioner's identity above all).

These tests walk every field path of every admin list and every drill-down list, as each role."""

import datetime

import pytest
from django.contrib import admin
from django.contrib.admin.utils import get_fields_from_path
from django.contrib.auth import get_user_model
from django.db import models
from django.db.models import F
from django.http import QueryDict
from django.test import RequestFactory
from django.urls import reverse

from oversight.models import Petition
from reports.lists import LISTS
from tests.factories import UserFactory

D = datetime.date
ROLES = ["clerk", "other_clerk", "reviewer", "viewer", "superuser"]
SUFFIXES = ["", "__exact", "__iexact", "__startswith", "__contains", "__icontains", "__gte", "__lt", "__isnull", "__in"]
PERSONAL_FIELDS = {"sender_name", "sender_address", "sender_phone", "password", "email"}


@pytest.fixture
def superuser(district):
    return UserFactory(username="quan.tri", is_superuser=True, is_staff=True)


def field_paths(model) -> list[str]:
    """The model's own fields and, through each relation, the related model's own fields."""
    paths = []
    for field in model._meta.get_fields():
        if not field.concrete and not field.is_relation:
            continue
        paths.append(field.name)
        if field.is_relation and field.related_model is not None:
            paths += [f"{field.name}__{f.name}" for f in field.related_model._meta.concrete_fields]
    return paths


def filter_bar_parameters(model_admin, request) -> set[str]:
    """The parameters the list's own filters use (what a click in the filter bar puts in the URL),
    also for filters the bar hides while they have nothing to offer."""
    params = set()
    for item in model_admin.get_list_filter(request):
        if isinstance(item, type) and issubclass(item, admin.SimpleListFilter):
            params.add(item.parameter_name)
        else:
            path, make = item if isinstance(item, (list, tuple)) else (item, admin.FieldListFilter.create)
            field = get_fields_from_path(model_admin.model, path)[-1]
            params |= set(
                make(field, request, {}, model_admin.model, model_admin, field_path=path).expected_parameters()
            )
    return params


@pytest.mark.parametrize("role", ROLES)
def test_admin_lists_accept_only_the_lookups_their_filter_bar_makes(db, request, role):
    user = request.getfixturevalue(role)
    accepted_elsewhere = []
    for model, model_admin in admin.site._registry.items():
        http = RequestFactory().get("/")
        http.user = user
        if not model_admin.has_view_or_change_permission(http):
            continue
        offered = filter_bar_parameters(model_admin, http)
        for path in field_paths(model):
            for suffix in SUFFIXES:
                lookup = path + suffix
                if model_admin.lookup_allowed(lookup, "1", http) and lookup not in offered:
                    accepted_elsewhere.append(f"{model.__name__}: {lookup}")
    assert accepted_elsewhere == []


@pytest.mark.parametrize("role", ["clerk", "reviewer", "viewer", "superuser"])
def test_a_petitioners_identity_cannot_be_probed_through_the_admin_list(client, request, role, pho_chau):
    client.force_login(request.getfixturevalue(role))
    url = reverse("admin:oversight_petition_changelist")
    assert client.get(url).status_code == 200
    for field in Petition.SENDER_FIELDS:
        for suffix in ["", "__startswith", "__icontains", "__exact", "__gte"]:
            response = client.get(url, {f"{field}{suffix}": "Ng"})
            assert response.status_code == 400, (role, field, suffix)
            assert b"Ng" not in response.content


def test_no_admin_filter_bar_reaches_personal_data(reviewer, superuser):
    for user in (reviewer, superuser):
        http = RequestFactory().get("/")
        http.user = user
        for model_admin in admin.site._registry.values():
            if model_admin.has_view_or_change_permission(http) and model_admin.model is not get_user_model():
                offered = filter_bar_parameters(model_admin, http)
                assert not {p for p in offered if p.split("__")[0] in PERSONAL_FIELDS}, model_admin
                assert not set(model_admin.get_search_fields(http)) & PERSONAL_FIELDS, model_admin


@pytest.mark.parametrize("slug", sorted(LISTS))
def test_drill_down_lists_ignore_every_parameter_they_do_not_declare(reviewer, slug):
    """A list applies only its declared filters: any other field path in the URL changes nothing
    (the role only changes the councils the list starts from, tested in test_access)."""
    definition = LISTS[slug]
    http = RequestFactory().get("/")
    http.user = reviewer
    queryset = definition.queryset(http)
    declared = set(definition.filterset.base_filters)
    undeclared = sorted({name for path in field_paths(definition.model) for name in (path, f"{path}__startswith")})
    undeclared = [name for name in undeclared if name not in declared]

    def query(names) -> str:
        data = QueryDict(mutable=True)
        for name in names:
            data[name] = "Ng"
        return str(definition.filterset(data, queryset=queryset, request=http).qs.query)

    baseline = query([])
    # All of them in one URL (a filter set costs a few queries to make); if that changes the list,
    # each on its own names the ones that do.
    if query(undeclared) != baseline:
        assert [name for name in undeclared if query([name]) != baseline] == []
        pytest.fail(f"{slug}: {len(undeclared)} undeclared parameters together change the list")
    assert len(undeclared) > 10


def test_lists_search_and_order_no_personal_data():
    for definition in LISTS.values():
        assert not set(definition.filterset.search_fields) & PERSONAL_FIELDS, definition.slug
        assert "o" not in definition.filterset.base_filters and "ordering" not in definition.filterset.base_filters


def test_admin_orderings_do_not_sort_by_personal_data(reviewer):
    http = RequestFactory().get("/")
    http.user = reviewer
    for model_admin in admin.site._registry.values():
        if model_admin.model is get_user_model():
            continue  # the administrators' own list of accounts
        for name in model_admin.get_list_display(http):
            attr = getattr(model_admin, name, None)
            ordering = getattr(attr, "admin_order_field", None) or (name if _is_field(model_admin.model, name) else "")
            for path in _ordered_paths(ordering):
                assert path.split("__")[0] not in PERSONAL_FIELDS, (model_admin, name)


def _ordered_paths(ordering) -> list[str]:
    """The field paths an admin column sorts by: its name, or those of its expression (vn_order)."""
    if isinstance(ordering, str):
        return [ordering.lstrip("-")] if ordering else []
    return [node.name for node in ordering.flatten() if isinstance(node, F)]


def _is_field(model, name) -> bool:
    try:
        return isinstance(model._meta.get_field(name), models.Field)
    except Exception:
        return False
