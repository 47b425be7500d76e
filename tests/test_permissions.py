"""The permission matrix, generated from the URL conf: every route (the admin's included) × every
role × GET and POST, with the status each must give. A route nobody wrote an expectation for
fails `test_every_route_has_an_expectation`; the case count is printed by the run.

The target of every page is thị trấn Phố Châu, the commune of clerk A; its records, one of each
kind, are made by the `targets` fixture. Each request runs in a transaction rolled back after it.
"""

import datetime
import tempfile
from dataclasses import dataclass
from http.cookies import SimpleCookie

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.db import transaction
from django.test import Client, override_settings
from django.urls import URLResolver, get_resolver, reverse

from councils.admin import CouncilScopedAdmin, ReferenceDataAdmin
from councils.models import (
    AdministrativeUnit,
    AuditEntry,
    CommitteeType,
    Council,
    Membership,
    Term,
    UnitChangeEvent,
    UnitType,
)
from councils.records import save_record
from oversight.models import (
    CitizenReception,
    DeadlineRule,
    FollowUpItem,
    OversightActivity,
    Petition,
    VoterMeeting,
)
from reports.models import ReportVersion
from sessions.models import Question, Resolution, Session, StandingCommitteeMeeting
from tests.factories import CouncilFactory, MembershipFactory, TermFactory, UnitFactory, UserFactory

D = datetime.date
ROLES = ["anonymous", "clerk", "other_clerk", "reviewer", "viewer", "outside_reviewer", "superuser"]
MEDIA_ROOT = tempfile.mkdtemp(prefix="hdnd-permissions-")

# Statuses by role, in ROLES order.
ANYONE_LOGGED_IN = dict(zip(ROLES, [302, 200, 200, 200, 200, 200, 200], strict=True))
READERS = dict(zip(ROLES, [302, 200, 404, 200, 200, 404, 200], strict=True))
EDITORS = dict(zip(ROLES, [302, 200, 404, 403, 403, 404, 200], strict=True))
REVIEWERS_POST = dict(zip(ROLES, [302, 403, 404, 302, 403, 404, 302], strict=True))
REVIEWERS_GET = dict(zip(ROLES, [302, 403, 404, 200, 403, 404, 200], strict=True))
SUBMITTERS_POST = dict(zip(ROLES, [302, 302, 404, 403, 403, 404, 302], strict=True))
ADMINISTRATORS = dict(zip(ROLES, [302, 403, 403, 403, 403, 403, 200], strict=True))
IMPORTERS = dict(zip(ROLES, [302, 200, 404, 200, 403, 404, 200], strict=True))
POST_ONLY_GET = dict(zip(ROLES, [302, 405, 405, 405, 405, 405, 405], strict=True))
GET_ONLY_POST = POST_ONLY_GET
EVERYONE = {role: 200 for role in ROLES}
NOT_ALLOWED = {role: 405 for role in ROLES}
REDIRECTED = {role: 302 for role in ROLES}


@dataclass(frozen=True)
class Expect:
    get: dict
    post: dict


# --- routes outside the admin: {url name: expectation} ---------------------------------------------
SITE = {
    "home": Expect(
        get := dict(zip(ROLES, [302, 302, 302, 302, 302, 302, 200], strict=True)),
        get,
    ),
    "login": Expect(EVERYONE, EVERYONE),
    "password_reset": Expect(EVERYONE, EVERYONE),
    "admin_password_reset": Expect(EVERYONE, EVERYONE),
    "password_reset_done": Expect(EVERYONE, NOT_ALLOWED),
    "password_reset_confirm": Expect(EVERYONE, EVERYONE),
    "password_reset_complete": Expect(EVERYONE, NOT_ALLOWED),
    "logout": Expect({role: 405 for role in ROLES}, REDIRECTED),
    "council_home": Expect(READERS, READERS),
    "dashboard": Expect(READERS, READERS),
    # GET: the page that says what the step does and what is open; POST: the step.
    "submit_year": Expect(EDITORS, SUBMITTERS_POST),
    "accept_year": Expect(REVIEWERS_GET, REVIEWERS_POST),
    "return_year": Expect(REVIEWERS_GET, REVIEWERS_POST),
    "reopen_year": Expect(REVIEWERS_GET, REVIEWERS_POST),
    "annual_report": Expect(READERS, READERS),
    "annual_report_pdf": Expect(READERS, READERS),
    "annual_report_docx": Expect(READERS, READERS),
    "annual_report_edit": Expect(EDITORS, EDITORS),
    "annual_report_sign": Expect(EDITORS, dict(EDITORS, clerk=302, superuser=302)),
    "annual_report_version": Expect(READERS, READERS),
    "record_list": Expect(ANYONE_LOGGED_IN, ANYONE_LOGGED_IN),
    "attachment": Expect(READERS, READERS),
    # The council's year as a workbook: the template and the upload for those who may load it (its
    # clerks, a reviewer for the councils below), the year's records for its readers.
    "workbook_template": Expect(IMPORTERS, GET_ONLY_POST),
    "workbook_download": Expect(READERS, GET_ONLY_POST),
    "workbook_upload": Expect(IMPORTERS, IMPORTERS),  # POST without a file: the form again, with its error
    "workbook_confirm": Expect(POST_ONLY_GET, dict(IMPORTERS, clerk=302, reviewer=302, superuser=302)),
    # Setting up units, councils and accounts from a workbook: administrators only.
    "setup_councils": Expect(ADMINISTRATORS, ADMINISTRATORS),  # POST without a file: the form again
    "setup_councils_confirm": Expect(POST_ONLY_GET, dict(ADMINISTRATORS, superuser=302)),
    "reorganise": Expect(ADMINISTRATORS, ADMINISTRATORS),  # POST without a file: the form again
    "set_language": Expect(REDIRECTED, REDIRECTED),
}

# --- the admin site's own pages --------------------------------------------------------------------
MEMBERS_403 = dict(zip(ROLES, [302, 403, 403, 403, 403, 403, 403], strict=True))
ADMIN_SITE = {
    "admin:index": Expect(ANYONE_LOGGED_IN, ANYONE_LOGGED_IN),
    "admin:login": Expect(dict(REDIRECTED, anonymous=200), EVERYONE),
    "admin:logout": Expect(POST_ONLY_GET, REDIRECTED),
    "admin:password_change": Expect(ANYONE_LOGGED_IN, ANYONE_LOGGED_IN),
    "admin:password_change_done": Expect(ANYONE_LOGGED_IN, GET_ONLY_POST),
    "admin:autocomplete": Expect(MEMBERS_403, GET_ONLY_POST),
    "admin:jsi18n": Expect(ANYONE_LOGGED_IN, GET_ONLY_POST),
    "admin:view_on_site": Expect(REDIRECTED, REDIRECTED),
    "admin:app_list": Expect(ANYONE_LOGGED_IN, ANYONE_LOGGED_IN),
    "admin:catch_all": Expect(
        dict(REDIRECTED, **{r: 404 for r in ROLES[1:]}), dict(REDIRECTED, **{r: 404 for r in ROLES[1:]})
    ),
    "admin:object_redirect": Expect(REDIRECTED, REDIRECTED),
}

# --- the admin's model pages, by the kind of admin -----------------------------------------------
NOT_SUPERUSER_403 = dict(zip(ROLES, [302, 403, 403, 403, 403, 403, 200], strict=True))
RESTORED = dict(EDITORS, clerk=302, superuser=302)  # restoring a version redirects to the history page
RECORD_PAGES = {
    "changelist": Expect(ANYONE_LOGGED_IN, ANYONE_LOGGED_IN),
    "add": Expect(dict(ANYONE_LOGGED_IN, viewer=403), dict(ANYONE_LOGGED_IN, viewer=403)),
    "change": Expect(READERS, EDITORS),
    "delete": Expect(EDITORS, EDITORS),
    "history": Expect(READERS, READERS),
    "restore": Expect(POST_ONLY_GET, RESTORED),
}
REFERENCE_PAGES = {
    "changelist": Expect(ANYONE_LOGGED_IN, ANYONE_LOGGED_IN),
    "add": Expect(NOT_SUPERUSER_403, NOT_SUPERUSER_403),
    "change": Expect(ANYONE_LOGGED_IN, NOT_SUPERUSER_403),
    "delete": Expect(NOT_SUPERUSER_403, NOT_SUPERUSER_403),
    "history": Expect(ANYONE_LOGGED_IN, ANYONE_LOGGED_IN),
    "restore": Expect(POST_ONLY_GET, NOT_SUPERUSER_403 | {"superuser": 302}),
}
ACCOUNT_PAGES = dict.fromkeys(
    ["changelist", "add", "change", "delete", "history", "password_change"],
    Expect(NOT_SUPERUSER_403, NOT_SUPERUSER_403),
) | {"restore": Expect(POST_ONLY_GET, NOT_SUPERUSER_403 | {"superuser": 302})}
ADMIN_PAGES = {
    # The register: items are entered with their source, never on their own.
    FollowUpItem: dict(
        RECORD_PAGES, add=Expect(NOT_SUPERUSER_403 | {"superuser": 403}, NOT_SUPERUSER_403 | {"superuser": 403})
    ),
    # The demo's term holds its Standing Committee meetings (by their day): its deletion is refused
    # up front, with why, on its page (302), to those who may delete it.
    Term: dict(
        RECORD_PAGES, delete=Expect(dict(EDITORS, clerk=302, superuser=302), dict(EDITORS, clerk=302, superuser=302))
    ),
    # Councils are created by administrators; each council's own people edit its settings.
    Council: dict(
        RECORD_PAGES,
        add=Expect(NOT_SUPERUSER_403, NOT_SUPERUSER_403),
        delete=Expect(NOT_SUPERUSER_403 | {"clerk": 403}, NOT_SUPERUSER_403 | {"clerk": 403}),
    ),
}


def admin_pages(model) -> dict:
    model_admin = admin.site._registry[model]
    if model in ADMIN_PAGES:
        return ADMIN_PAGES[model]
    if isinstance(model_admin, CouncilScopedAdmin):
        return RECORD_PAGES
    if isinstance(model_admin, ReferenceDataAdmin):
        return REFERENCE_PAGES
    return ACCOUNT_PAGES


# --- every route -----------------------------------------------------------------------------------


def url_names(patterns=None, namespace="") -> list[str]:
    """Every route's name; the admin's unnamed ones get a name of what they do."""
    names = []
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            names += url_names(pattern.url_patterns, f"{pattern.namespace}:" if pattern.namespace else namespace)
        elif pattern.name:
            names.append(namespace + pattern.name)
        elif "(?P<url>" in str(pattern.pattern):
            names.append(f"{namespace}catch_all")
        else:
            names.append(f"{namespace}object_redirect")  # <app>/<model>/<id>/ → its change page
    return sorted(set(names))


def admin_model_route(name: str):
    for model in admin.site._registry:
        prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}_"
        if name.startswith(prefix):
            return model, name.removeprefix(prefix)
    return None, None


def expectation(name: str) -> Expect | None:
    if name in SITE:
        return SITE[name]
    if name in ADMIN_SITE:
        return ADMIN_SITE[name]
    model, page = admin_model_route(name)
    return admin_pages(model).get(page) if model else None


def test_every_route_has_an_expectation():
    missing = [name for name in url_names() if expectation(name) is None]
    assert missing == [], f"Routes without an expected status per role: {missing}"


# --- the users and the records they are tested on -------------------------------------------------


@pytest.fixture(scope="module")
def matrix(django_db_setup, django_db_blocker):
    """The users of every role and one record of every kind of Phố Châu (2023), made once for the
    module inside a transaction rolled back at its end; each test runs in a savepoint inside it.
    Each role logs in once, here: its session cookie is put back before each request."""
    with django_db_blocker.unblock(), transaction.atomic():
        users = _users()
        yield {"users": users, "targets": _targets(), "sessions": _sessions(users)}
        transaction.set_rollback(True)


def _sessions(users) -> dict:
    """Each role's session cookie: none for the anonymous, a login of its own for the others."""
    cookies = {}
    for role, user in users.items():
        client = Client()
        if user is not None:
            client.force_login(user)
        cookies[role] = {name: morsel.value for name, morsel in client.cookies.items()}
    return cookies


def _users() -> dict:
    district = Council.objects.with_unit().get(unit__slug="huong-son")
    province = district.unit.parent
    duc_tho = AdministrativeUnit.objects.create(
        name="Đức Thọ", slug="duc-tho", unit_type=UnitType.RURAL_DISTRICT, parent=province, valid_from=D(2016, 1, 1)
    )
    outside = CouncilFactory(unit=duc_tho)
    TermFactory(council=outside)
    commune = CouncilFactory(unit=UnitFactory(name="Tùng Ảnh", slug="tung-anh", parent=duc_tho))
    TermFactory(council=commune)

    def member(username, slug, role=Membership.Role.CLERK):
        council = Council.objects.get(unit__slug=slug)
        return MembershipFactory(user=UserFactory(username=username), council=council, role=role).user

    return {
        "anonymous": None,
        "clerk": member("thuky.phochau", "pho-chau"),
        "other_clerk": member("thuky.sontay", "son-tay"),
        "reviewer": member("huyen.huongson", "huong-son", Membership.Role.REVIEWER),
        "viewer": member("xem.huongson", "huong-son", Membership.Role.VIEWER),
        "outside_reviewer": member("huyen.ductho", "duc-tho", Membership.Role.REVIEWER),
        "superuser": UserFactory(username="quan.tri", is_superuser=True, is_staff=True),
    }


def _targets() -> dict:
    """One record of every kind, of Phố Châu, 2023: what each page is asked about."""
    pho_chau = Council.objects.with_unit().get(unit__slug="pho-chau")
    clerk = Membership.objects.get(council=pho_chau).user
    term = pho_chau.terms.get()
    session = save_record(
        Session(council=pho_chau, term=term, ordinal=12, start_date=D(2023, 7, 11), end_date=D(2023, 7, 11))
    )
    with override_settings(MEDIA_ROOT=MEDIA_ROOT):
        session.agenda.save("chuong-trinh.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=False)
        save_record(session)
    resolution = save_record(
        Resolution(session=session, code="05/NQ-HĐND", adopted_on=D(2023, 7, 11), summary="Về dự toán")
    )
    meeting = save_record(StandingCommitteeMeeting(council=pho_chau, date=D(2023, 3, 5), content="Chuẩn bị kỳ họp"))
    question = save_record(
        Question(
            council=pho_chau,
            session=session,
            asked_on=D(2023, 7, 11),
            questioner="Đại biểu A",
            respondent_name="Ông B",
            respondent_role=Question.RespondentRole.PEOPLES_COMMITTEE_CHAIR,
            topic="Nước sạch",
        )
    )
    item = save_record(FollowUpItem(question=question, content="Sửa đường ống", addressee="UBND thị trấn"))
    activity = save_record(
        OversightActivity(
            council=pho_chau,
            actor=OversightActivity.Actor.STANDING_COMMITTEE,
            subject="Giải quyết kiến nghị",
            bodies_overseen="UBND",
            start_date=D(2023, 5, 10),
        )
    )
    voter_meeting = save_record(
        VoterMeeting(council=pho_chau, deputy_level="DBQH", timing="CHUYEN_DE", date=D(2023, 4, 20), place="NVH")
    )
    reception = save_record(
        CitizenReception(council=pho_chau, date=D(2023, 3, 15), receiver="Chủ tịch", place="Trụ sở")
    )
    petition = save_record(
        Petition(
            council=pho_chau, type="KIEN_NGHI", received_on=D(2023, 3, 15), sender_name="Ng. V. An", subject="Đường"
        )
    )
    ReportVersion.objects.create(
        council=pho_chau, year=2023, version=1, pdf=b"%PDF-1.4", figures={}, sha256="0" * 64, signed_by=clerk
    )
    return {
        Session: session,
        Resolution: resolution,
        StandingCommitteeMeeting: meeting,
        Question: question,
        FollowUpItem: item,
        OversightActivity: activity,
        VoterMeeting: voter_meeting,
        CitizenReception: reception,
        Petition: petition,
        Council: pho_chau,
        Term: term,
        AdministrativeUnit: pho_chau.unit,
        UnitChangeEvent: UnitChangeEvent.objects.first(),
        CommitteeType: CommitteeType.objects.first(),
        DeadlineRule: DeadlineRule.objects.first(),
        Membership: Membership.objects.get(user=clerk),
        type(clerk): clerk,
        Group: Group.objects.create(name="Văn thư"),
    }


def concrete_url(name: str, targets) -> str:
    """The URL of the route, about Phố Châu (2023) and its records."""
    pho_chau, session = targets[Council], targets[Session]
    site = {
        "council_home": ["pho-chau"],
        "record_list": ["ky-hop"],
        "attachment": [session.agenda.name],
        "annual_report_version": ["pho-chau", 2023, 1],
        "password_reset_confirm": ["MQ", "khong-hop-le"],
        "workbook_upload": ["pho-chau"],
        "workbook_confirm": ["pho-chau"],
    }
    if name in site:
        return reverse(name, args=site[name])
    if name in SITE:
        try:
            return reverse(name)
        except Exception:
            return reverse(name, args=["pho-chau", 2023])
    if name == "admin:view_on_site":
        return reverse(name, args=[ContentType.objects.get_for_model(Council).pk, pho_chau.pk])
    if name == "admin:app_list":
        return reverse(name, args=["council_sessions"])
    if name == "admin:catch_all":
        return "/quan-tri/khong-co-trang-nay/"
    if name == "admin:object_redirect":
        return f"/quan-tri/council_sessions/session/{session.pk}/"
    if name in ADMIN_SITE:
        return reverse(name)
    model, page = admin_model_route(name)
    if page in ("changelist", "add"):
        return reverse(name)
    if page == "restore":
        return reverse(name, args=[targets[model].pk, audit_entry(targets[model]).pk])
    return reverse(name, args=[targets[model].pk])


def audit_entry(record) -> AuditEntry:
    """The record's latest audit entry (one is written for records set up without an edit)."""
    kind = ContentType.objects.get_for_model(record)
    latest = AuditEntry.objects.filter(content_type=kind, object_id=str(record.pk)).order_by("-pk").first()
    return latest or AuditEntry.objects.create(
        content_type=kind, object_id=str(record.pk), object_repr=str(record), action=AuditEntry.Action.UPDATE
    )


class StatusClient(Client):
    """Django's test client without what only assertions on a response need (a copy of every
    template's context, the exception re-raised): a view that fails is its 500."""

    def request(self, **request):
        return self.handler(self._base_environ(**request))


def status_of(client: StatusClient, cookies: dict, method: str, url: str) -> int:
    """The status of one request by a role, from its own logged-in session (its cookies, as they
    were after logging in), in a transaction rolled back after it. The client (its handler, with
    the middleware loaded once, as a server loads it) serves the route's requests in turn; it keeps
    nothing of one request for the next but cookies, which are replaced here."""
    client.cookies = SimpleCookie(cookies)
    with transaction.atomic():
        response = client.get(url) if method == "GET" else client.post(url, {})
        transaction.set_rollback(True)
    return response.status_code


@pytest.mark.parametrize("name", url_names())
def test_each_route_gives_each_role_its_status(matrix, db, media, record_property, name):
    expect = expectation(name)
    url = concrete_url(name, matrix["targets"])
    client = StatusClient(raise_request_exception=False)
    unexpected = []
    for role in ROLES:
        for method, wanted in (("GET", expect.get[role]), ("POST", expect.post[role])):
            got = status_of(client, matrix["sessions"][role], method, url)
            if got != wanted:
                unexpected.append(f"{role} {method} {url}: {got}, expected {wanted}")
    record_property("count: permission matrix cases (route × role × GET/POST)", 2 * len(ROLES))
    record_property("count: permission matrix unexpected statuses", len(unexpected))
    assert not unexpected, "\n".join(unexpected)


@pytest.fixture
def media(settings):
    """The attachment made once for the module stays readable."""
    settings.MEDIA_ROOT = MEDIA_ROOT
