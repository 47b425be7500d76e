"""Shared fixtures: the demo unit tree and one user per role (tests/factories.py builds the rest).

What is loaded once, and how tests stay isolated:

- **The unit tree** (Hà Tĩnh, Hương Sơn, its 25 communes and the 11 merged away in 2020, with
  their councils and terms) is written once, committed, when the test database is created.
  Every test runs in a transaction rolled back at its end, so the tree is always there and
  always the same. (Tests that commit, the browser tests with their live server among them, flush
  the database after them; pytest-django runs them last, and the tree is written again, committed,
  after each such flush: `pytest_runtest_teardown` below.)
- **The 2023 demo** (`demo_2023`: the article's year, about 2,200 records) is loaded once, inside
  a transaction opened before the first test that asks for it and rolled back after the last
  one. Those tests are run one after another (`pytest_collection_modifyitems` below), each in
  a savepoint inside that transaction, as Django's `TestCase.setUpTestData` does.
"""

import gc
import os
import tempfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from pytest_django.plugin import blocking_manager_key

from councils import demo
from councils.models import AdministrativeUnit, Council, Membership
from reports import annual
from reports import demo as reports_demo
from tests.factories import MembershipFactory, UserFactory

DEMO_FIXTURE = "demo_2023"
DEMO_TESTS_FILE = "HDND_DEMO_TESTS_FILE"


# The database the settings name (a developer's own, with `make run`'s data): never a test's.
CONFIGURED_DATABASE = settings.DATABASES["default"]["NAME"]


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    # pytest-django makes the test database for the tests that declare it (a `db` argument, a
    # mark); one that gets it only through `request.getfixturevalue` would otherwise, run alone,
    # write into the configured database.
    if connection.settings_dict["NAME"] == CONFIGURED_DATABASE:
        pytest.fail(
            "No test database was made: the tests selected ask for the database only through "
            "request.getfixturevalue. Give the test a `db` argument.",
            pytrace=False,
        )
    with django_db_blocker.unblock():
        demo.load_units()


class SharedDemo:
    """The 2023 demo inside one open transaction, shared by consecutive tests."""

    atomic = None
    council_pk = None
    report_pdf = None  # its 2023 annual report, rendered once: `demo_report_pdf`

    @classmethod
    def open(cls) -> int:
        if cls.atomic is None:
            cls.atomic = transaction.atomic()
            cls.atomic.__enter__()
            cls.council_pk = reports_demo.load_all().pk
        return cls.council_pk

    @classmethod
    def close(cls) -> None:
        if cls.atomic is not None:
            transaction.set_rollback(True)
            cls.atomic.__exit__(None, None, None)
            cls.atomic = cls.report_pdf = None


def _uses_demo(item) -> bool:
    return DEMO_FIXTURE in getattr(item, "fixturenames", ())


def _group(item) -> str | None:
    """The tests that must run on one worker: those sharing the demo, and those of a module that
    shares one set-up among its tests, marked `xdist_group(name)` (tests/browser/test_dashboard.py)."""
    if _uses_demo(item):
        return DEMO_FIXTURE
    marker = item.get_closest_marker("xdist_group")
    return (marker.args[0] if marker.args else marker.kwargs["name"]) if marker else None


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    """Run the tests that share the demo one after another. pytest-django then sorts the tests
    (database, transactional, the rest) keeping this order within each kind, so they come first
    among the database tests: under pytest-xdist their worker starts with them, the longest piece
    of work, while the other takes the rest. A worker tells the scheduler which they are, and
    which tests of an `xdist_group` go together. Tests with a live server come after the others of
    their kind: the server thread keeps the in-memory SQLite connections it was given (the replica
    mirror's too, as the test that started it left them) for the rest of the session."""
    items.sort(key=lambda item: (not _uses_demo(item), "live_server" in getattr(item, "fixturenames", ())))
    if hasattr(config, "workerinput") and os.environ.get(DEMO_TESTS_FILE):
        listing = Path(os.environ[DEMO_TESTS_FILE])
        draft = listing.with_suffix(f".{config.workerinput['workerid']}")
        draft.write_text("\n".join(f"{item.nodeid}\t{group}" for item in items if (group := _group(item))))
        draft.replace(listing)


def pytest_configure(config):
    if not hasattr(config, "workerinput") and config.getoption("numprocesses", None):
        # The workers, started after this, write the demo tests' ids where the scheduler reads them.
        os.environ[DEMO_TESTS_FILE] = tempfile.mktemp(prefix="hdnd-demo-tests-", suffix=".txt")


def pytest_collection_finish(session):
    """Python's cycle collector, told what the run is: what exists once the tests are collected
    (Django, the apps, the URL conf, the templates' modules) lives to the end, so it is set apart
    (`gc.freeze`) instead of being walked again by every full collection, and the young generation
    is collected every 20,000 allocations instead of 2,000. Cyclic garbage is still collected; the
    run spent about 7 % of its time in the collector, and spends about a third of that now."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(20_000, 20, 20)


@pytest.hookimpl(tryfirst=True)
def pytest_xdist_make_scheduler(config, log):
    """Send every test that shares the demo to one worker, so the demo is loaded once per run, and
    likewise the tests of each `xdist_group`; the other tests are spread one by one (xdist's
    `--dist loadgroup` cannot group under pytest 9)."""
    if config.getvalue("dist") != "load":
        return None
    from xdist.scheduler import LoadScopeScheduling

    # Scopes in the order of the tests (xdist's default puts the largest first): a group of
    # transactional tests must not run before the database tests, whose data they flush.
    config.option.loadscopereorder = False

    class DemoGroupScheduling(LoadScopeScheduling):
        groups = None

        def _split_scope(self, nodeid):
            if self.groups is None:
                listing = Path(os.environ[DEMO_TESTS_FILE])
                lines = listing.read_text().splitlines() if listing.exists() else []
                self.groups = dict(line.split("\t") for line in lines)
            return self.groups.get(nodeid, nodeid)

    return DemoGroupScheduling(config, log)


@pytest.fixture(autouse=True)
def _shared_demo(request, django_db_blocker):
    """Opens the demo's transaction before the test's own (autouse fixtures come first)."""
    if _uses_demo(request.node):
        with django_db_blocker.unblock():
            SharedDemo.open()


def _flushes(item) -> bool:
    """Whether the database is emptied after the test: pytest-django flushes after every test that
    commits (`transactional_db`, which the live server asks for, or `django_db(transaction=True)`),
    or a module does after its last."""
    marker = item.get_closest_marker("django_db")
    return "transactional_db" in getattr(item, "fixturenames", ()) or bool(
        marker and (marker.kwargs.get("transaction") or (marker.args and marker.args[0]))
    )


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item, nextitem):
    yield
    if SharedDemo.atomic is not None and (nextitem is None or not _uses_demo(nextitem)):
        with item.config.stash[blocking_manager_key].unblock():
            SharedDemo.close()
    if nextitem is not None and _flushes(item) and not _flushes(nextitem):
        # The flush took the unit tree with it: written again, committed, once, rather than by
        # `district` inside every later test's own rolled-back transaction (about 0.5 s each).
        # (A next test that commits too writes the tree itself, through `district`, if it needs it.)
        with item.config.stash[blocking_manager_key].unblock():
            if not AdministrativeUnit.objects.filter(slug="huong-son").exists():
                demo.load_units()


def pytest_terminal_summary(terminalreporter):
    """Sums what tests counted (`record_property("count: …", n)`), also across xdist workers:
    the permission matrix's cases, the generated examples of the property tests."""
    totals = {}
    for kind in ("passed", "failed"):
        for report in terminalreporter.stats.get(kind, []):
            for name, value in getattr(report, "user_properties", []):
                if name.startswith("count: "):
                    totals[name] = totals.get(name, 0) + value
    for name, value in sorted(totals.items()):
        terminalreporter.write_line(f"{name.removeprefix('count: ')}: {value}")


@pytest.fixture
def demo_2023(db) -> Council:
    """Hương Sơn's council with the whole 2023 demo: the article's figures and the rest."""
    return Council.objects.with_unit().get(pk=SharedDemo.council_pk)


@pytest.fixture
def demo_report_pdf(demo_2023) -> bytes:
    """The demo's 2023 annual report as a PDF, rendered once per load of the demo for the tests
    that only read it (the annual report's, the Word document's and the wording's: all on the
    demo's worker); a test that changes records renders its own."""
    if SharedDemo.report_pdf is None:
        SharedDemo.report_pdf = annual.render_pdf(annual.build(demo_2023, 2023))
    return SharedDemo.report_pdf


@pytest.fixture(autouse=True)
def _plain_static_storage(settings):
    """Production hashes static names through a manifest built by collectstatic; tests don't build it."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.WHITENOISE_AUTOREFRESH = True


@pytest.fixture(autouse=True)
def _empty_cache():
    """The kept dashboards (reports.fragments) of one test are not another's: its rows rolled back."""
    cache.clear()


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Uploaded attachments go to a directory of the test's own."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def district(db) -> Council:
    """Hương Sơn's council, with its province and 25 communes (and the 11 merged away in 2020)."""
    return Council.objects.with_unit().filter(unit__slug="huong-son").first() or demo.load_units()


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
