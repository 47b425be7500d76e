import datetime

from django.db import migrations

KN = "Luật Khiếu nại số 02/2011/QH13"
TC = "Luật Tố cáo số 25/2018/QH14"
TT05 = "Thông tư 05/2021/TT-TTCP (quy trình xử lý đơn; chưa đối chiếu văn bản gốc)"

RULES = [
    # type, stage, starts, days, complex, remote, remote+complex, working days, extension, basis, valid from
    ("KHIEU_NAI", "ACCEPT", "RECEIVED", 10, None, None, None, False, None, f"{KN}, Điều 27", datetime.date(2012, 7, 1)),
    ("KHIEU_NAI", "RESOLVE", "ACCEPTED", 30, 45, 45, 60, False, None, f"{KN}, Điều 28 (giải quyết lần đầu)",
     datetime.date(2012, 7, 1)),
    ("TO_CAO", "ACCEPT", "RECEIVED", 7, 10, None, None, True, None,
     f"{TC}, Điều 24 (kiểm tra, xác minh thì không quá 10 ngày làm việc)", datetime.date(2019, 1, 1)),
    ("TO_CAO", "RESOLVE", "ACCEPTED", 30, None, None, None, False, 30,
     f"{TC}, Điều 30 (phức tạp gia hạn 1 lần, đặc biệt phức tạp 2 lần, mỗi lần không quá 30 ngày)",
     datetime.date(2019, 1, 1)),
    ("KIEN_NGHI", "ACCEPT", "RECEIVED", 10, None, None, None, True, None, TT05, datetime.date(2021, 8, 1)),
    ("PHAN_ANH", "ACCEPT", "RECEIVED", 10, None, None, None, True, None, TT05, datetime.date(2021, 8, 1)),
]


def seed(apps, schema_editor):
    DeadlineRule = apps.get_model("oversight", "DeadlineRule")
    for type_, stage, starts, days, cx, remote, remote_cx, working, ext, basis, valid_from in RULES:
        DeadlineRule.objects.update_or_create(
            petition_type=type_,
            stage=stage,
            valid_from=valid_from,
            defaults={
                "starts": starts, "days": days, "days_complex": cx, "days_remote": remote,
                "days_remote_complex": remote_cx, "working_days": working, "extension_days": ext,
                "legal_basis": basis,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("oversight", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
