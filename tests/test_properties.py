"""Generated input against every admin add and change form and every list's filters (Hypothesis):
the answer is always a page with the form's errors or a success, never a server error, and a
refused post writes nothing.

`make test` runs a few dozen examples per form; CI sets HYPOTHESIS_PROFILE=ci for many more (the
run prints how many examples were generated and how many server errors they met)."""

import datetime
import os

import pytest
from django.contrib import admin
from django.db import transaction
from django.forms import BooleanField, ChoiceField, DateField, FileField, IntegerField, ModelChoiceField
from django.test import RequestFactory
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from councils.models import AuditEntry
from councils.records import save_record
from oversight.models import CitizenReception, OversightActivity, Petition, VoterMeeting
from reports.lists import LISTS
from sessions.models import Question, Resolution, Session, StandingCommitteeMeeting

D = datetime.date
EXAMPLES = {"dev": 4, "ci": 120}[os.environ.get("HYPOTHESIS_PROFILE", "dev")]
PROPERTY = settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)
FORMS = [
    Session,
    Resolution,
    StandingCommitteeMeeting,
    Question,
    OversightActivity,
    VoterMeeting,
    CitizenReception,
    Petition,
]

# What clerks type, and what they should not: Vietnamese, formulas, markup, controls, NUL, huge.
TEXT = st.one_of(
    st.text(alphabet=st.characters(codec="utf-8"), max_size=40),
    st.sampled_from(["", " ", "Hòa giải ở cơ sở", '=HYPERLINK("x")', "<script>x</script>", "\x00", "a" * 5000]),
)
DATES = st.one_of(
    st.dates(min_value=D(1900, 1, 1), max_value=D(2100, 12, 31)).map(lambda d: d.strftime("%d/%m/%Y")),
    st.dates(min_value=D(2022, 1, 1), max_value=D(2024, 12, 31)).map(lambda d: d.strftime("%d/%m/%Y")),
    st.sampled_from(["31/02/2024", "20023-05-01", "11/07/20023", "0/0/0", "2023-07-11", "99/99/9999", ""]),
    st.text(max_size=12),
)
NUMBERS = st.one_of(
    st.integers(-(10**20), 10**20).map(str), st.sampled_from(["", "1.5", "1e9", "٣"]), st.text(max_size=6)
)


def value_strategy(field):
    if isinstance(field, BooleanField):
        return st.sampled_from(["on", "", "true", "false", "x"])
    if isinstance(field, ModelChoiceField):
        pks = [str(pk) for pk in field.queryset.values_list("pk", flat=True)[:20]]
        return st.one_of(st.sampled_from(pks or [""]), NUMBERS)
    if isinstance(field, ChoiceField):
        return st.one_of(st.sampled_from([str(value) for value, _label in field.choices] or [""]), TEXT)
    if isinstance(field, DateField):
        return DATES
    if isinstance(field, IntegerField):
        return NUMBERS
    if isinstance(field, FileField):
        return st.just("")
    return TEXT


def form_fields(model, user, obj=None):
    """The fields of the admin's form for `model`, as `user` gets it (scoped choices included)."""
    request = RequestFactory().get("/")
    request.user = user
    model_admin = admin.site._registry[model]
    form = model_admin.get_form(request, obj, change=obj is not None)()
    inlines = [inline.get_formset(request, obj) for inline in model_admin.get_inline_instances(request, obj)]
    return form.fields, [formset().prefix for formset in inlines]


def written():
    """Rows in every table a save could touch."""
    return [m.objects.count() for m in [*FORMS, AuditEntry]]


def post_generated(client, url, fields, prefixes, data, counted):
    payload = {name: data.draw(value_strategy(field), label=name) for name, field in fields.items()}
    for prefix in prefixes:
        payload |= {f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"}
    with transaction.atomic():
        before = written()
        response = client.post(url, payload)
        after = written()
        transaction.set_rollback(True)
    counted(response)
    assert response.status_code in (200, 302), (response.status_code, payload)
    if response.status_code == 200:
        assert after == before, payload
    return response


@pytest.fixture
def existing(clerk, pho_chau):
    term = pho_chau.terms.get()
    session = save_record(
        Session(council=pho_chau, term=term, ordinal=12, start_date=D(2023, 7, 11), end_date=D(2023, 7, 12))
    )
    return {
        Session: session,
        Resolution: save_record(
            Resolution(session=session, code="05/NQ-HĐND", adopted_on=D(2023, 7, 11), summary="Về")
        ),
        StandingCommitteeMeeting: save_record(
            StandingCommitteeMeeting(council=pho_chau, date=D(2023, 3, 5), content="Họp")
        ),
        Question: save_record(
            Question(
                council=pho_chau,
                session=session,
                asked_on=D(2023, 7, 11),
                questioner="A",
                respondent_name="B",
                respondent_role="CT_UBND",
                topic="Nước",
            )
        ),
        OversightActivity: save_record(
            OversightActivity(
                council=pho_chau,
                actor="THUONG_TRUC",
                subject="Giám sát",
                bodies_overseen="UBND",
                start_date=D(2023, 5, 1),
            )
        ),
        VoterMeeting: save_record(
            VoterMeeting(council=pho_chau, deputy_level="DBQH", timing="CHUYEN_DE", date=D(2023, 4, 20), place="NVH")
        ),
        CitizenReception: save_record(
            CitizenReception(council=pho_chau, date=D(2023, 3, 15), receiver="CT", place="TS")
        ),
        Petition: save_record(
            Petition(council=pho_chau, type="KIEN_NGHI", received_on=D(2023, 3, 15), sender_name="An", subject="Đường")
        ),
    }


def admin_url(model, page, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{page}", args=args)


@pytest.mark.parametrize("model", FORMS, ids=lambda m: m.__name__)
def test_add_forms_answer_generated_input_with_errors_or_success(client, clerk, pho_chau, counter, model):
    client.force_login(clerk)
    fields, prefixes = form_fields(model, clerk)

    @PROPERTY
    @given(data=st.data())
    def check(data):
        post_generated(client, admin_url(model, "add"), fields, prefixes, data, counter)

    check()
    counter.report()


@pytest.mark.parametrize("model", FORMS, ids=lambda m: m.__name__)
def test_change_forms_answer_generated_input_with_errors_or_success(client, clerk, existing, counter, model):
    client.force_login(clerk)
    record = existing[model]
    fields, prefixes = form_fields(model, clerk, record)

    @PROPERTY
    @given(data=st.data())
    def check(data):
        post_generated(client, admin_url(model, "change", record.pk), fields, prefixes, data, counter)

    check()
    counter.report()


@pytest.mark.parametrize("slug", sorted(LISTS))
def test_list_filters_answer_generated_input_with_a_page(client, reviewer, counter, slug):
    client.force_login(reviewer)
    names = [*LISTS[slug].filterset.base_filters, "trang", "xuat"]

    @PROPERTY
    @given(params=st.dictionaries(st.sampled_from(names), st.one_of(TEXT, NUMBERS, DATES), max_size=4))
    def check(params):
        response = client.get(reverse("record_list", args=[slug]), params)
        counter(response)
        assert response.status_code == 200, params

    check()
    counter.report()


class Counter:
    """This test's examples and server errors, for the run's summary (tests/conftest.py)."""

    def __init__(self, record_property):
        self.examples = self.errors = 0
        self.record_property = record_property

    def __call__(self, response):
        self.examples += 1
        self.errors += response.status_code >= 500

    def report(self):
        self.record_property("count: property tests, generated examples", self.examples)
        self.record_property("count: property tests, server errors", self.errors)


@pytest.fixture
def counter(record_property):
    return Counter(record_property)
