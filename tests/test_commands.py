"""Management commands answer a bad argument with a Vietnamese line and a non-zero status, never
a Python traceback: a year out of range, a file that cannot be written."""

import pytest
from django.core.management import CommandError, call_command


@pytest.mark.parametrize("year", ["0", "99999", "2003"])
def test_a_year_out_of_range_is_named(district, tmp_path, year):
    for command in ("annual_report", "export_workbook"):
        with pytest.raises(CommandError, match=f"Năm {year} không hợp lệ: chỉ các năm 2016–"):
            call_command(command, "--council", "huong-son", "--year", year, "--output", str(tmp_path / "x"))


def test_a_file_in_a_folder_that_does_not_exist_is_named(district, tmp_path):
    missing = tmp_path / "chua-co" / "so-lieu.xlsx"
    with pytest.raises(CommandError, match=f"Không ghi được {missing}: thư mục .* chưa có"):
        call_command("export_workbook", "--council", "huong-son", "--year", "2023", "--output", str(missing))
    with pytest.raises(CommandError, match="Không ghi được .*: thư mục .* chưa có"):
        call_command("setup_councils", "--export", str(missing), "--unit", "ha-tinh")


def test_a_file_that_is_not_there_is_named(district, tmp_path):
    missing = tmp_path / "khong-co.xlsx"
    for command in (["import_workbook", "--council", "huong-son"], ["setup_councils"]):
        with pytest.raises(CommandError, match=f"Không đọc được {missing}: không có tệp này."):
            call_command(*command, str(missing))
