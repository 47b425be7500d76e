"""Demo reference data: Hà Tĩnh province, Hương Sơn district and its communes (domain.md §4).

Deterministic and idempotent: every object is found by its slug or natural key and
updated in place, so running it twice changes nothing.
"""

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction

from councils.models import AdministrativeUnit, Council, Membership, Term, UnitChangeEvent, UnitType
from councils.text import vn_slugify

# The earliest day the system holds records for: the 2015 Law on Local Government took effect.
RECORDS_START = datetime.date(2016, 1, 1)
MERGER_DAY = datetime.date(2020, 1, 1)
MERGER_BASIS = "Nghị quyết số 819/NQ-UBTVQH14"

TOWNSHIPS = ["Phố Châu", "Tây Sơn"]
COMMUNES_2023 = [
    "An Hòa Thịnh",
    "Kim Hoa",
    "Quang Diệm",
    "Sơn Bằng",
    "Sơn Bình",
    "Sơn Châu",
    "Sơn Giang",
    "Sơn Hàm",
    "Sơn Hồng",
    "Sơn Kim 1",
    "Sơn Kim 2",
    "Sơn Lâm",
    "Sơn Lễ",
    "Sơn Lĩnh",
    "Sơn Long",
    "Sơn Ninh",
    "Sơn Phú",
    "Sơn Tây",
    "Sơn Tiến",
    "Sơn Trà",
    "Sơn Trung",
    "Sơn Trường",
    "Tân Mỹ Hà",
]
# Mergers effective 01/01/2020: new commune <- the communes it replaced.
MERGERS = {
    "An Hòa Thịnh": ["Sơn An", "Sơn Hòa", "Sơn Thịnh"],
    "Tân Mỹ Hà": ["Sơn Tân", "Sơn Mỹ", "Sơn Hà"],
    "Quang Diệm": ["Sơn Quang", "Sơn Diệm"],
    "Kim Hoa": ["Sơn Mai", "Sơn Phúc", "Sơn Thủy"],
}
BORDER_COMMUNES = {"Sơn Kim 1", "Sơn Kim 2"}

DEMO_USERS = [
    # username, full name, council slug, role
    ("huyen.huongson", "Hà Thị Huyền", "huong-son", Membership.Role.REVIEWER),
    ("xem.huongson", "Nguyễn Văn Xem", "huong-son", Membership.Role.VIEWER),
    ("tinh.hatinh", "Phan Văn Tỉnh", "ha-tinh", Membership.Role.REVIEWER),
    ("thuky.phochau", "Trần Thị Châu", "pho-chau", Membership.Role.CLERK),
    ("thuky.sontay", "Lê Văn Tây", "son-tay", Membership.Role.CLERK),
]


def _unit(name, unit_type, parent, *, code="", valid_from=RECORDS_START, valid_to=None, **flags):
    unit, _created = AdministrativeUnit.objects.update_or_create(
        slug=vn_slugify(name),
        defaults={
            "name": name,
            "unit_type": unit_type,
            "code": code,
            "parent": parent,
            "valid_from": valid_from,
            "valid_to": valid_to,
            **flags,
        },
    )
    unit.full_clean()
    return unit


def _council_with_term(unit, *, ordinal=None, election_date=None, start_date):
    council, _created = Council.objects.get_or_create(unit=unit)
    Term.objects.update_or_create(
        council=council,
        start_date=start_date,
        defaults={"ordinal": ordinal, "election_date": election_date, "end_date": None},
    )
    return council


@transaction.atomic
def load_units():
    """The unit tree, the 2020 mergers, councils and the 2021–2026 term. Returns the district council."""
    # Codes of the province and district from the national list of administrative units.
    province = _unit("Hà Tĩnh", UnitType.PROVINCE, None, code="42")
    district = _unit("Hương Sơn", UnitType.RURAL_DISTRICT, province, code="439", is_mountainous=True)

    election = datetime.date(2021, 5, 23)
    first_session = datetime.date(2021, 6, 25)  # demo date: within 45 days of the election
    _council_with_term(province, start_date=first_session, election_date=election, ordinal=18)
    district_council = _council_with_term(district, start_date=first_session, election_date=election, ordinal=20)

    for name in TOWNSHIPS + COMMUNES_2023:
        unit_type = UnitType.TOWNSHIP if name in TOWNSHIPS else UnitType.COMMUNE
        valid_from = MERGER_DAY if name in MERGERS else RECORDS_START
        border = name in BORDER_COMMUNES
        unit = _unit(
            name, unit_type, district, valid_from=valid_from, is_mountainous=True, is_border=border, is_remote=border
        )
        _council_with_term(unit, start_date=first_session, election_date=election)

    for new_name, old_names in MERGERS.items():
        olds = [
            _unit(
                old, UnitType.COMMUNE, district, valid_to=MERGER_DAY - datetime.timedelta(days=1), is_mountainous=True
            )
            for old in old_names
        ]
        for old in olds:
            Council.objects.get_or_create(unit=old)
        event, _created = UnitChangeEvent.objects.get_or_create(
            kind=UnitChangeEvent.Kind.MERGE,
            effective_date=MERGER_DAY,
            legal_basis=MERGER_BASIS,
            note=f"Nhập {', '.join(old_names)} thành xã {new_name}.",
        )
        event.predecessors.set(olds)
        event.successors.set([AdministrativeUnit.objects.get(slug=vn_slugify(new_name))])
    return district_council


def check_users_allowed() -> None:
    """Demo logins have a published password: refused outside DEBUG, and without DEMO_PASSWORD."""
    if not settings.DEBUG:
        raise ImproperlyConfigured("load_demo creates users with a published password; it runs only with DEBUG on.")
    if not settings.DEMO_PASSWORD:
        raise ImproperlyConfigured("Set DEMO_PASSWORD to the password the demo users should have.")


@transaction.atomic
def load_users():
    """Demo logins, all with DEMO_PASSWORD (see `check_users_allowed`)."""
    check_users_allowed()
    User = get_user_model()
    users = []
    for username, full_name, slug, role in DEMO_USERS:
        last, _sep, first = full_name.rpartition(" ")
        user, _created = User.objects.update_or_create(
            username=username, defaults={"first_name": first, "last_name": last}
        )
        user.set_password(settings.DEMO_PASSWORD)
        user.save()
        Membership.objects.update_or_create(
            user=user, council=Council.objects.get(unit__slug=slug), defaults={"role": role}
        )
        users.append((username, full_name, role))
    admin, _created = User.objects.update_or_create(
        username="admin", defaults={"is_staff": True, "is_superuser": True, "first_name": "Quản trị"}
    )
    admin.set_password(settings.DEMO_PASSWORD)
    admin.save()
    users.append(("admin", "Quản trị hệ thống", None))
    return users
