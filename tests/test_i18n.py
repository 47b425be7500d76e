"""Vietnamese everywhere a clerk looks, English after the language switch, and catalogues that are
complete and match the code (README, "Translations").

The project's strings are written in Vietnamese in the code (the msgids): locale/vi repeats or
corrects them, locale/en translates them. locale_overrides/vi gives Vietnamese to Django's, its
admin's and django-filter's strings that those packages leave in English or translate poorly."""

import datetime
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from councils.records import save_record
from oversight.models import CitizenReception
from tests.factories import PASSWORD, ResolutionFactory, SessionFactory, UserFactory

ROOT = Path(settings.BASE_DIR)
CATALOGUES = [
    ROOT / folder / lang / "LC_MESSAGES" / f"{domain}.po"
    for folder, langs in (("locale", ["vi", "en"]), ("locale_overrides", ["vi"]))
    for lang in langs
    for domain in ("django", "djangojs")
]

# Django's admin strings a clerk met in English, and Vietnamese that read oddly (issue 11).
ENGLISH = [
    "- Select an option -",
    "Please correct the error below.",
    "Please correct the errors below.",
    "Show counts",
    "Hide counts",
    ">Run<",
    "would require deleting the following protected related objects",
    "Are you sure you want to delete",
    "Forgotten your login credentials?",
    "Forgotten your password or username?",
    "Skip to main content",
    "Toggle theme",
    "Toggle navigation",
    "Filter navigation items",
    "Breadcrumbs",
    "Sidebar",
    "Select all objects on this page for an action",
    "Select this object for an action",
    "View selected",
    "Pagination",
    "Model name",
    "Add link",
    "Change or view list link",
    "Error:",
    "Loaded version",
    "Full name",
    "Please enter a correct",
]
ODD_VIETNAMESE = [
    "Thêm vào",
    "Bản ghi nhớ",
    "Không có sẵn",
    "Đảm bảo giá trị này",
    "Hãy sửa lỗi sai dưới đây",
    "Hãy chỉnh sửa lại các lỗi sau",
    "Bởi ",
    "Vui lòng điền vào",
]


def assert_vietnamese(html, *expected):
    for text in ENGLISH + ODD_VIETNAMESE:
        assert text not in html, text
    for text in expected:
        assert text in html, text


def url(name, *args):
    return reverse(f"admin:council_sessions_{name}", args=args)


@pytest.fixture
def session(pho_chau):
    """A session of Phố Châu with a resolution: a delete would need to delete a protected record."""
    session = SessionFactory(council=pho_chau, ordinal=12, start_date=datetime.date(2023, 7, 11))
    ResolutionFactory(session=session)
    return session


# --- Vietnamese by default -------------------------------------------------------------------


def test_a_changelist_with_filters_actions_and_counts(client, clerk, session):
    client.force_login(clerk)
    page = client.get(url("session_changelist")).content.decode()
    assert_vietnamese(page, "Hiện số lượng", ">Thực hiện</button>", " Theo năm ", "Bỏ qua, đến nội dung chính")

    counted = client.get(url("session_changelist"), {"_facets": "True", "nam": "2023"})
    assert counted.status_code == 200  # the council and year filters count their choices too
    assert_vietnamese(counted.content.decode(), "Ẩn số lượng", "2023 (1)", "HĐND thị trấn Phố Châu (1)")


def test_a_change_form_with_errors(client, clerk, pho_chau):
    client.force_login(clerk)
    assert_vietnamese(client.get(url("session_add")).content.decode(), "— Chọn —")

    data = {"council": pho_chau.pk, "resolutions-TOTAL_FORMS": 0, "resolutions-INITIAL_FORMS": 0}
    page = client.post(url("session_add"), data).content.decode()
    assert_vietnamese(page, "Chưa lưu", "Trường này là bắt buộc.", "Lỗi: Thêm kỳ họp")


def test_a_number_over_its_limit_reads_naturally(client, clerk, pho_chau):
    client.force_login(clerk)
    data = {
        "council": pho_chau.pk,
        "voters_attending": 100_001,
        "opinions-TOTAL_FORMS": 0,
        "opinions-INITIAL_FORMS": 0,
    }
    page = client.post(reverse("admin:oversight_votermeeting_add"), data).content.decode()
    assert_vietnamese(page, "Giá trị phải nhỏ hơn hoặc bằng 100000.")


def test_a_delete_page_with_protected_records(client, clerk, session):
    client.force_login(clerk)
    page = client.get(url("session_delete", session.pk)).content.decode()
    assert_vietnamese(page, f"Không thể xóa kỳ họp “{session}” vì các hồ sơ sau đang gắn với nó")


def test_the_history_page_says_yes_and_no(client, clerk, pho_chau):
    reception = CitizenReception(council=pho_chau, date=datetime.date(2023, 3, 15), receiver="Chủ tịch", place="UBND")
    save_record(reception, user=clerk)
    client.force_login(clerk)
    page = client.get(reverse("admin:oversight_citizenreception_history", args=[reception.pk])).content.decode()
    assert_vietnamese(page, "<td>Đoàn đông người</td><td><strong>Không</strong></td>")
    assert ">False<" not in page


def test_the_login_pages(client, db):
    assert_vietnamese(client.get("/quan-tri/login/").content.decode(), "Quên tên đăng nhập hoặc mật khẩu?")
    UserFactory(username="nguoi.dung")
    refused = client.post("/dang-nhap/", {"username": "nguoi.dung", "password": "sai"}).content.decode()
    assert_vietnamese(refused, "Sai tên đăng nhập hoặc mật khẩu.")


def test_the_superusers_list_of_units(client, district):
    client.force_login(UserFactory(username="quan.tri", is_superuser=True, is_staff=True))
    page = client.get(reverse("admin:councils_administrativeunit_changelist")).content.decode()
    assert_vietnamese(page, ">Tên</a>", "Loại hồ sơ")


def js_catalogue(client):
    script = client.get(reverse("admin:jsi18n")).content.decode()
    return json.loads(re.search(r"const newcatalog = (\{.*?\});", script, re.S).group(1))


def test_the_calendar_and_clock_in_vietnamese(client, clerk):
    client.force_login(clerk)
    catalogue = js_catalogue(client)
    assert catalogue["Today (%(date)s)"] == "Hôm nay (%(date)s)"
    assert catalogue["%s (today, current selection)"] == "%s (hôm nay, đang chọn)"
    assert catalogue["Năm trước"] == "Năm trước"  # static/js/date-fields.js
    time_zone_note = "Note: Enter times in the %(timezone)s timezone. (You are %(offset)s hour ahead.)"
    assert "nhập giờ theo múi giờ" in catalogue[time_zone_note][0]


def test_the_browsers_language_does_not_switch_to_english(client, clerk):
    client.force_login(clerk)
    page = client.get(url("session_changelist"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<html lang="vi"' in page and "Hiện số lượng" in page


# --- English after the switch ----------------------------------------------------------------


def switch_to_english(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302


def test_a_users_language_ends_with_their_request(client, clerk):
    """The middleware switched the thread to the reader's language and left it so: whatever the
    thread did next outside a request (a command, a task, the next test) spoke English."""
    from django.utils.translation import get_language, gettext

    client.force_login(clerk)
    switch_to_english(client)
    assert '<html lang="en">' in client.get(reverse("council_home", args=["pho-chau"])).content.decode()
    assert get_language() == "vi" and gettext("Tất cả") == "Tất cả"


def test_english_after_the_language_switch(client, clerk, session):
    client.force_login(clerk)
    switch_to_english(client)

    home = client.get(reverse("council_home", args=["pho-chau"])).content.decode()
    assert '<html lang="en">' in home
    for english in ["Data entry", "Log out", "Working year", "Add new", "Sessions and resolutions"]:
        assert english in home, english
    for vietnamese in ["Nhập liệu", "Đăng xuất", "Năm làm việc", "Nhập mới"]:
        assert vietnamese not in home, vietnamese

    changelist = client.get(url("session_changelist")).content.decode()
    for english in ["Show counts", ">Run</button>", " By year ", "Regular"]:
        assert english in changelist, english
    assert "Hiện số lượng" not in changelist and "Thường lệ" not in changelist

    assert js_catalogue(client)["Năm trước"] == "Previous year"


# --- the catalogues --------------------------------------------------------------------------


def gettext_tool(*args, cwd=None):
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}  # manage.py's own
    return subprocess.run(args, capture_output=True, text=True, cwd=cwd, env=env)


def test_these_are_the_catalogues():
    found = [*ROOT.glob("locale/*/LC_MESSAGES/*.po"), *ROOT.glob("locale_overrides/*/LC_MESSAGES/*.po")]
    assert sorted(found) == sorted(CATALOGUES)


@pytest.mark.parametrize("catalogue", CATALOGUES, ids=lambda path: str(path.relative_to(ROOT)))
def test_every_message_is_translated_and_none_is_fuzzy(catalogue):
    assert catalogue.exists()
    untranslated = gettext_tool("msgattrib", "--untranslated", "--no-obsolete", str(catalogue)).stdout
    fuzzy = gettext_tool("msgattrib", "--only-fuzzy", "--no-obsolete", str(catalogue))
    assert untranslated == "", f"untranslated in {catalogue}:\n{untranslated}"
    # The header entry of a catalogue made by makemessages is fuzzy until someone fills it in: the
    # entries after it. (Their msgid may be wrapped, `msgid ""` then its lines, as the header's is.)
    entries = fuzzy.stdout.split("\n\n", 1)[1] if "\n\n" in fuzzy.stdout else ""
    assert "#, fuzzy" not in entries, f"fuzzy in {catalogue}:\n{entries}"


@pytest.mark.parametrize("catalogue", CATALOGUES, ids=lambda path: str(path.relative_to(ROOT)))
def test_the_compiled_catalogues_are_up_to_date(catalogue):
    compiled = catalogue.with_suffix(".mo")
    assert compiled.exists() and compiled.stat().st_mtime >= catalogue.stat().st_mtime, (
        f"{compiled} is missing or older than its .po: `make test` compiles it (make translations)"
    )


def test_the_catalogues_hold_exactly_the_strings_of_the_code(tmp_path):
    """`make messages` run on a copy of the sources gives the same msgids as the catalogues: no string
    of the code is missing, none is left over. (The copy, so that the run changes nothing here.)"""
    copy = tmp_path / "hdnd"
    shutil.copytree(
        ROOT,
        copy,
        ignore=shutil.ignore_patterns(
            ".*",
            "var",
            "media",
            "tests",
            "bench",
            "docs",
            "locale",
            "locale_overrides",
            "fonts",
            "__pycache__",
            "*.png",
            "*.pdf",
            "test-results",
        ),
    )
    made = gettext_tool(
        "make", "--no-print-directory", "-o", ".venv/.installed", "messages", f"PY={sys.executable}", cwd=copy
    )
    assert made.returncode == 0, made.stdout + made.stderr
    for domain in ("django", "djangojs"):
        fresh = copy / "locale" / "vi" / "LC_MESSAGES" / f"{domain}.po"
        for lang in ("vi", "en"):
            ours = ROOT / "locale" / lang / "LC_MESSAGES" / f"{domain}.po"
            for defined, used in ((ours, fresh), (fresh, ours)):
                compared = gettext_tool("msgcmp", "--use-untranslated", "--use-fuzzy", str(defined), str(used))
                assert compared.returncode == 0, (
                    f"{ours} does not match the code; run `make messages` and translate:\n{compared.stderr}"
                )


def test_the_overrides_are_strings_the_packages_still_use(tmp_path):
    """Each overridden msgid exists in the installed Django or django-filter (an upgrade that renames
    one makes this fail, instead of the page quietly going back to English)."""
    site_packages = Path(sys.modules["django"].__file__).parent.parent
    sources = {
        "django": [
            *sorted(site_packages.glob("django/conf/locale/en/LC_MESSAGES/django.po")),
            *sorted(site_packages.glob("django/contrib/*/locale/en/LC_MESSAGES/django.po")),
            site_packages / "django_filters/locale/fr/LC_MESSAGES/django.po",
        ],
        "djangojs": sorted(site_packages.glob("django/contrib/*/locale/en/LC_MESSAGES/djangojs.po")),
    }
    for domain, files in sources.items():
        known = tmp_path / f"{domain}.po"
        joined = gettext_tool("msgcat", "--use-first", "-o", str(known), *map(str, files))
        assert joined.returncode == 0, joined.stderr
        ours = ROOT / "locale_overrides" / "vi" / "LC_MESSAGES" / f"{domain}.po"
        compared = gettext_tool("msgcmp", "--use-untranslated", "--use-fuzzy", str(known), str(ours))
        assert compared.returncode == 0, compared.stderr


def test_a_clerk_logs_in_through_the_form_in_vietnamese(client, clerk):
    """The real form, for the password the factories give: the admin's index greets in Vietnamese."""
    response = client.post("/quan-tri/login/?next=/quan-tri/", {"username": clerk.username, "password": PASSWORD})
    page = client.get(response.url).content.decode()
    assert_vietnamese(page, "Đăng xuất", "Thao tác gần đây")
