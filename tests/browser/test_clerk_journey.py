"""A commune clerk's data entry, walked in a browser on a 1366 px screen and on a 390 px phone.

Phố Châu's clerk logs in at /quan-tri/login/, goes to the council's page and from there enters a
session with two resolutions typed on its page, making the mistakes clerks make (a day that does
not exist, a session date left empty, one number typed twice, a resolution dated outside its
session): each time nothing is saved, the first error has the focus and is on screen with its
message. Then a voter meeting with its opinions (one answered, with the answering PDF), an
oversight with a recommendation and a citizen reception with a petition, its day picked on the
calendar by years.

HDND_SCREENSHOTS=docs/img makes the walk save the guide's pictures (docs/clerk-entry.md).
"""

import datetime
import os
import re
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from oversight.models import FollowUpItem, Petition, VoterOpinion
from sessions.models import Resolution, Session
from tests.factories import PASSWORD

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}
SCREENSHOTS = os.environ.get("HDND_SCREENSHOTS")
PDF = b"%PDF-1.4\n% the district's answer to the voters\n%%EOF\n"


def screenshot(page, name):
    """Only for the guide (HDND_SCREENSHOTS=docs/img), never on an ordinary run."""
    if SCREENSHOTS:
        page.screenshot(path=Path(SCREENSHOTS) / f"{name}.png")


def save(page):
    page.locator("input[name=_save]").click()


def box_of(page, field_id):
    """The field's own box: its label, its error message and the input."""
    return page.locator("div.flex-container", has=page.locator(f"#{field_id}")).last


def expect_error_in_sight(page, field_id, message, *, focused=False):
    error = box_of(page, field_id).locator("ul.errorlist")
    expect(error).to_have_text(message)
    if focused:
        expect(page.locator(f"#{field_id}")).to_be_focused()
        expect(error).to_be_in_viewport()
        expect(page.locator(f"#{field_id}")).to_be_in_viewport()


def expect_saved(page, record):
    saved = re.compile(rf"Đã (thêm|lưu) .*“{re.escape(record)}”")
    expect(page.locator("ul.messagelist li.success")).to_contain_text(saved)


def add_row(page, prefix):
    page.locator(f"#{prefix}-group .add-row a").click()


def log_in_to_the_admin(page):
    page.goto("/quan-tri/login/")
    page.get_by_label("Tên đăng nhập").fill("thuky.phochau")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page).to_have_url(re.compile(r"/quan-tri/$"))


def go_home_and_add(page, what):
    """The clerk's home (/hoi-dong/pho-chau/) links straight to each add form."""
    page.locator("#branding .working-on").get_by_role("link", name="HĐND thị trấn Phố Châu").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("HĐND thị trấn Phố Châu")
    page.get_by_role("link", name=what, exact=True).click()


def enter_session_with_mistakes(page, *, ordinal, number, start, end, shot):
    """A session and its two resolutions, typed with four mistakes, corrected one save at a time."""
    go_home_and_add(page, "Kỳ họp và nghị quyết")
    page.get_by_label("Kỳ họp thứ").fill(str(ordinal))
    page.get_by_label("Ngày khai mạc").fill(f"31/02/{start:%Y}")  # a day that does not exist
    page.get_by_label("Địa điểm").fill("Hội trường UBND thị trấn")  # and the closing day left empty
    add_row(page, "resolutions")
    add_row(page, "resolutions")
    heading = page.locator("#resolutions-1 h3")
    expect(heading).to_contain_text("Nghị quyết: #2")
    name, label = heading.locator("b").bounding_box(), heading.locator(".inline_label").bounding_box()
    assert label["x"] - (name["x"] + name["width"]) >= 3, "“Nghị quyết:#2”: the space is lost"
    code = f"{number:02d}/NQ-HĐND"
    for row, day in [(0, end), (1, end + datetime.timedelta(days=8))]:  # row 2 after the session
        page.locator(f"#id_resolutions-{row}-code").fill(code)  # the same number twice
        page.locator(f"#id_resolutions-{row}-adopted_on").fill(f"{day:%d/%m/%Y}")
        page.locator(f"#id_resolutions-{row}-summary").fill(f"Về nội dung thứ {row + 1} của kỳ họp")
    save(page)

    # Once a 500 (Session.contains compared a missing date): now the form, its errors in sight.
    summary = page.locator("#error-summary")
    expect(summary).to_contain_text("Chưa lưu: có 3 lỗi")
    expect(summary).to_contain_text("Mỗi lỗi hiện bằng chữ đỏ ngay trên ô cần sửa.")
    expect_error_in_sight(
        page, "id_start_date", f"Ngày 31/02/{start:%Y} không có: tháng 02 năm {start:%Y} chỉ có 28 ngày.", focused=True
    )
    expect_error_in_sight(page, "id_end_date", "Trường này là bắt buộc.")
    expect_error_in_sight(
        page,
        "id_resolutions-1-code",
        f"Số {code} đã được dùng cho nghị quyết ngày {end:%d/%m/%Y} (cùng năm {end:%Y}).",
    )
    expect(page.locator(".timezonewarning")).to_have_count(0)
    screenshot(page, f"{shot}-loi")

    page.get_by_label("Ngày khai mạc").fill(f"{start:%d/%m/%Y}")
    page.get_by_label("Ngày bế mạc").fill(f"{end:%d/%m/%Y}")
    page.locator("#id_resolutions-1-code").fill(f"{number + 1:02d}/NQ-HĐND")
    save(page)

    expect(page.locator("#error-summary")).to_contain_text("Chưa lưu: có 1 lỗi, ở nghị quyết, dòng 2.")
    expect_error_in_sight(
        page,
        "id_resolutions-1-adopted_on",
        f"Ngày thông qua phải nằm trong thời gian kỳ họp ({start:%d/%m/%Y} – {end:%d/%m/%Y}).",
        focused=True,
    )
    page.locator("#id_resolutions-1-adopted_on").fill(f"{end:%d/%m/%Y}")
    save(page)

    expect_saved(page, f"Kỳ họp thứ {ordinal} ({start:%d/%m/%Y})")
    row = page.locator("#result_list tbody tr", has_text=f"Kỳ họp thứ {ordinal} ({start:%d/%m/%Y})")
    expect(row.locator("td.field-resolution_count")).to_have_text("2")


def pick_on_the_calendar(page, field_id, day):
    """Open the field's calendar (on this month), step back by years, then by months, pick the day."""
    today = timezone.localdate()  # the server's day, on which the calendar opens
    page.locator(f"#{field_id}").locator("xpath=..").locator(".datetimeshortcuts button").click()
    calendar = page.locator(".calendarbox:visible")
    for _ in range(today.year - day.year):
        calendar.get_by_role("button", name="Năm trước").click()
    arrow = ".calendarnav-previous" if day.month < today.month else ".calendarnav-next"
    for _ in range(abs(today.month - day.month)):
        calendar.locator(arrow).click()
    calendar.locator("td a", has_text=re.compile(rf"^{day.day}$")).click()
    expect(page.locator(f"#{field_id}")).to_have_value(f"{day:%d/%m/%Y}")


@pytest.fixture
def page(browser, live_server):
    """A clerk whose computer's clock is set to UTC, as many are: Django's admin then notes the
    server's time zone beside each date box, which a day does not need."""
    context = browser.new_context(locale="vi-VN", timezone_id="UTC", base_url=live_server.url)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def test_a_commune_clerk_enters_a_years_records_on_a_screen_and_on_a_phone(page, clerk, pho_chau):
    page.set_viewport_size(DESKTOP)
    log_in_to_the_admin(page)
    enter_session_with_mistakes(
        page,
        ordinal=5,
        number=5,
        start=datetime.date(2023, 7, 11),
        end=datetime.date(2023, 7, 12),
        shot="ky-hop-may-tinh",
    )

    page.set_viewport_size(PHONE)
    enter_session_with_mistakes(
        page,
        ordinal=6,
        number=9,
        start=datetime.date(2023, 12, 18),
        end=datetime.date(2023, 12, 19),
        shot="ky-hop-dien-thoai",
    )
    assert Resolution.objects.filter(session__council=pho_chau).count() == 4

    # A voter meeting after the mid-year session, on the phone: one opinion answered before it was
    # forwarded (refused, in sight), then answered with the district's PDF.
    go_home_and_add(page, "Tiếp xúc cử tri và ý kiến")
    page.get_by_label("Đại biểu tiếp xúc").select_option(label="Đại biểu HĐND xã")
    page.get_by_label("Thời điểm, hình thức tiếp xúc").select_option(label="Sau kỳ họp")
    page.get_by_label("Kỳ họp liên quan").select_option(label="Kỳ họp thứ 5 (11/07/2023)")
    page.get_by_label("Ngày tiếp xúc").fill("20/07/2023")
    page.get_by_label("Địa điểm").fill("Nhà văn hóa khối 3")
    page.get_by_label("Số lượt cử tri tham dự").fill("85")
    for row, (content, kind, level) in enumerate(
        [
            ("Đề nghị sửa đường liên khối 3 – khối 4", "Kiến nghị", "Cấp huyện"),
            ("Khen công tác vệ sinh", "Ý kiến", "Cấp xã"),
        ]
    ):
        add_row(page, "opinions")
        page.locator(f"#id_opinions-{row}-content").fill(content)
        page.locator(f"#id_opinions-{row}-kind").select_option(label=kind)
        page.locator(f"#id_opinions-{row}-competent_level").select_option(label=level)
    page.locator("#id_opinions-0-forwarded_to").fill("UBND huyện Hương Sơn")
    page.locator("#id_opinions-0-forwarded_on").fill("25/07/2023")
    page.locator("#id_opinions-0-answered_on").fill("24/07/2023")
    page.locator("#id_opinions-0-answer_text").fill("Huyện bố trí vốn sửa đường trong quý IV/2023.")
    page.locator("#id_opinions-0-answer_document").set_input_files(
        {"name": "tra-loi-cu-tri.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    save(page)

    expect(page.locator("#error-summary")).to_contain_text("Chưa lưu: có 1 lỗi, ở ý kiến, kiến nghị cử tri, dòng 1.")
    expect_error_in_sight(
        page, "id_opinions-0-answered_on", "Ngày trả lời không được trước ngày chuyển (25/07/2023).", focused=True
    )
    screenshot(page, "tiep-xuc-cu-tri-dien-thoai")
    page.locator("#id_opinions-0-answered_on").fill("15/08/2023")
    expect(page.locator("#opinions-0")).to_contain_text(
        "Đã giữ tệp “tra-loi-cu-tri.pdf”"
    )  # kept across the failed save
    if SCREENSHOTS:
        page.set_viewport_size(DESKTOP)
        screenshot(page, "tiep-xuc-cu-tri-may-tinh")
        page.set_viewport_size(PHONE)
    save(page)

    expect_saved(page, "TXCT Đại biểu HĐND xã 20/07/2023")
    expect(page.locator("#result_list tbody tr td.field-opinion_count")).to_have_text("2")
    answered = VoterOpinion.objects.get(kind=VoterOpinion.Kind.RECOMMENDATION)
    assert answered.answer_document.read() == PDF
    assert FollowUpItem.objects.get(opinion=answered).response_document.name == answered.answer_document.name

    # An oversight by the Standing Committee, on the screen, with its recommendation.
    page.set_viewport_size(DESKTOP)
    go_home_and_add(page, "Giám sát, khảo sát và kiến nghị")
    page.get_by_label("Chủ thể giám sát").select_option(label="Thường trực HĐND")
    page.get_by_label("Nội dung giám sát").fill("Việc thu gom, xử lý rác thải sinh hoạt")
    page.get_by_label("Cơ quan, đơn vị chịu sự giám sát").fill("UBND thị trấn Phố Châu")
    page.get_by_label("Ngày bắt đầu").fill("10/08/2023")
    add_row(page, "recommendations")
    page.locator("#id_recommendations-0-content").fill("Bố trí thêm điểm tập kết rác ở khối 7")
    page.locator("#id_recommendations-0-addressee").fill("UBND thị trấn Phố Châu")
    page.locator("#id_recommendations-0-due_date").fill("30/09/2023")
    save(page)

    expect_saved(page, "Giám sát chuyên đề: Việc thu gom, xử lý rác thải sinh hoạt")
    expect(page.locator("#result_list tbody tr td.field-recommendation_count")).to_have_text("1")

    # A citizen reception with a petition, on the phone; its day picked on the calendar.
    page.set_viewport_size(PHONE)
    go_home_and_add(page, "Tiếp công dân và đơn thư")
    page.get_by_label("Người tiếp").fill("Chủ tịch HĐND thị trấn")
    page.get_by_label("Địa điểm").fill("Phòng tiếp công dân")
    add_row(page, "petitions")  # Django draws the calendars again: the year steps are there still
    day = datetime.date(2023, 10, 16)
    pick_on_the_calendar(page, "id_date", day)
    page.locator("#id_petitions-0-type").select_option(label="Kiến nghị")
    page.locator("#id_petitions-0-received_on").fill(f"{day:%d/%m/%Y}")
    sender = page.locator("#id_petitions-0-sender_name")
    place = sender.bounding_box()
    assert place["x"] + place["width"] <= PHONE["width"]  # as a table, a phone showed two of four columns
    sender.fill("Nguyễn Văn Bình")
    page.locator("#id_petitions-0-subject").fill("Đề nghị cấp giấy chứng nhận quyền sử dụng đất")
    save(page)

    expect_saved(page, f"Tiếp công dân ngày {day:%d/%m/%Y}")
    assert Petition.objects.get(council=pho_chau).reception.date == day
    assert Session.objects.filter(council=pho_chau).count() == 2
