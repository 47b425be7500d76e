import datetime

from django.db import migrations

LAW_2015 = "Luật Tổ chức chính quyền địa phương 77/2015/QH13, sửa đổi 47/2019/QH14"
LAW_2025 = "Luật Tổ chức chính quyền địa phương 72/2025/QH15"
FROM_2016 = datetime.date(2016, 1, 1)
TO_2025 = datetime.date(2025, 6, 15)
FROM_2025 = datetime.date(2025, 6, 16)

COMMITTEES = [
    # code, name, level, legal basis, valid from, valid to
    ("PHAP_CHE", "Ban Pháp chế", "HUYEN", LAW_2015, FROM_2016, TO_2025),
    ("KINH_TE_XA_HOI", "Ban Kinh tế - Xã hội", "HUYEN", LAW_2015, FROM_2016, TO_2025),
    ("DAN_TOC", "Ban Dân tộc", "HUYEN", LAW_2015, FROM_2016, TO_2025),
    ("PHAP_CHE", "Ban Pháp chế", "XA", LAW_2015, FROM_2016, TO_2025),
    ("KINH_TE_XA_HOI", "Ban Kinh tế - Xã hội", "XA", LAW_2015, FROM_2016, TO_2025),
    ("KINH_TE_NGAN_SACH", "Ban Kinh tế - Ngân sách", "XA", LAW_2025, FROM_2025, None),
    ("VAN_HOA_XA_HOI", "Ban Văn hóa - Xã hội", "XA", LAW_2025, FROM_2025, None),
]


def seed(apps, schema_editor):
    CommitteeType = apps.get_model("councils", "CommitteeType")
    for code, name, level, basis, valid_from, valid_to in COMMITTEES:
        CommitteeType.objects.update_or_create(
            code=code,
            level=level,
            valid_from=valid_from,
            defaults={"name": name, "legal_basis": basis, "valid_to": valid_to},
        )


class Migration(migrations.Migration):
    dependencies = [("councils", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
