"""Pictures of the reviewer's desk for the docs, taken from a running demo with Debian's chromium.

    make setup && make run &                # the demo on http://127.0.0.1:8000
    .venv/bin/python docs/pictures.py       # writes docs/img/dashboard-1366.png and dashboard-390.png

BASE_URL and DEMO_PASSWORD (default hdnd-demo-2023) may be set in the environment.
"""

import os
from pathlib import Path

from playwright.sync_api import sync_playwright

BASE_URL = os.environ.get("BASE_URL", "http://127.0.0.1:8000")
PASSWORD = os.environ.get("DEMO_PASSWORD", "hdnd-demo-2023")
OUT = Path(__file__).parent / "img"
SHOTS = [  # (file, login, path, viewport width, full page)
    ("dashboard-1366.png", "huyen.huongson", "/bao-cao/huong-son/2023/", 1366, False),
    ("dashboard-390.png", "huyen.huongson", "/bao-cao/huong-son/2023/", 390, False),
    ("clerk-home-1366.png", "thuky.phochau", "/hoi-dong/pho-chau/?nam=2023", 1366, False),
    ("province-1366.png", "tinh.hatinh", "/bao-cao/ha-tinh/2023/", 1366, False),
]


def main() -> None:
    OUT.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=os.environ.get("CHROMIUM", "/usr/bin/chromium"))
        for name, login, path, width, full in SHOTS:
            context = browser.new_context(
                base_url=BASE_URL, locale="vi-VN", viewport={"width": width, "height": 900 if width > 800 else 844}
            )
            page = context.new_page()
            page.goto("/quan-tri/login/")
            page.get_by_label("Tên đăng nhập").fill(login)
            page.get_by_label("Mật khẩu").fill(PASSWORD)
            page.get_by_role("button", name="Đăng nhập").click()
            page.goto(path)
            page.screenshot(path=OUT / name, full_page=full)
            print(OUT / name)
            context.close()
        browser.close()


if __name__ == "__main__":
    main()
