"""The generated country's unit tree: provinces, their districts and communes, a council for each
with two terms, and one province whose districts end on 30/06/2025 so that its communes sit
directly under it from 01/07/2025 — written as `councils.reorganise` writes a reorganisation
(links closed and opened, units and terms ended, one UnitChangeEvent per unit), in bulk."""

import datetime
import random
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model

from councils.models import AdministrativeUnit, Council, Membership, Term, UnitChangeEvent, UnitLink, UnitType

D = datetime.date
UNITS_FROM = D(2016, 1, 1)  # councils.demo.RECORDS_START
OLD_TERM = (D(2016, 6, 25), D(2021, 6, 24))  # khóa 2016–2021, ended the day before the next one began
NEW_TERM_START = D(2021, 6, 25)
TWO_TIER_FROM = D(2025, 7, 1)
LAST_DISTRICT_DAY = TWO_TIER_FROM - datetime.timedelta(days=1)
BASIS = "Luật Tổ chức chính quyền địa phương 72/2025/QH15 (benchmark)"
BATCH = 5000


@dataclass
class Place:
    """A council as the record generator needs it: its id, level, position and last day."""

    council_id: int
    level: str  # "TINH", "HUYEN", "XA"
    index: int  # its place among its siblings (varies the rates as the demo does)
    remote: bool = False
    last_day: datetime.date | None = None  # a district of the two-tier province ends on 30/06/2025
    old_term: int = 0
    new_term: int = 0

    def term_on(self, day: datetime.date) -> int:
        return self.old_term if day <= OLD_TERM[1] else self.new_term


@dataclass
class Province:
    places: list[Place] = field(default_factory=list)  # the province first, then districts, then communes
    two_tier: bool = False


def commune_counts(provinces: int, districts: int, communes: int, two_tier: int) -> list[list[int]]:
    """Communes per district, per province: the two-tier province (the first) gets `two_tier`
    communes over its districts, the others share the rest evenly."""
    counts = []
    rest = communes - (two_tier if provinces > 1 else 0)
    slots = (provinces - 1) * districts if provinces > 1 else districts
    for p in range(provinces):
        if p == 0 and provinces > 1:
            counts.append([two_tier // districts + (1 if d < two_tier % districts else 0) for d in range(districts)])
            continue
        row = []
        for d in range(districts):
            slot = (p - 1) * districts + d if provinces > 1 else d
            row.append(rest // slots + (1 if slot < rest % slots else 0))
        counts.append(row)
    return counts


def build(provinces: int, districts: int, communes: int, two_tier: int, seed: int) -> list[Province]:
    rng = random.Random(seed)
    counts = commune_counts(provinces, districts, communes, two_tier)
    units, parents, kinds = [], [], []  # parallel lists: unit, parent's position in `units`, (province, level, index)
    for p in range(provinces):
        units.append(AdministrativeUnit(name=f"Số {p + 1:02d}", slug=f"tinh-{p + 1:02d}", unit_type=UnitType.PROVINCE))
        parents.append(None)
        kinds.append((p, "TINH", p))
        province_at = len(units) - 1
        for d in range(districts):
            units.append(
                AdministrativeUnit(
                    name=f"Số {p + 1:02d}.{d + 1:02d}",
                    slug=f"huyen-{p + 1:02d}-{d + 1:02d}",
                    unit_type=UnitType.RURAL_DISTRICT,
                    is_mountainous=rng.random() < 0.3,
                )
            )
            parents.append(province_at)
            kinds.append((p, "HUYEN", d))
            district_at = len(units) - 1
            for c in range(counts[p][d]):
                remote = rng.random() < 0.1
                units.append(
                    AdministrativeUnit(
                        name=f"Số {p + 1:02d}.{d + 1:02d}.{c + 1:03d}",
                        slug=f"xa-{p + 1:02d}-{d + 1:02d}-{c + 1:03d}",
                        unit_type=UnitType.TOWNSHIP if c == 0 else UnitType.COMMUNE,
                        is_mountainous=remote,
                        is_remote=remote,
                    )
                )
                parents.append(district_at)
                kinds.append((p, "XA", c))
    for unit in units:
        unit.valid_from = UNITS_FROM
    # Parents first, so that each child can point at a saved parent.
    for level in ("TINH", "HUYEN", "XA"):
        at_level = [i for i, k in enumerate(kinds) if k[1] == level]
        for i in at_level:
            if parents[i] is not None:
                units[i].parent_id = units[parents[i]].pk
        AdministrativeUnit.objects.bulk_create([units[i] for i in at_level], batch_size=BATCH)
    councils = Council.objects.bulk_create([Council(unit=u) for u in units], batch_size=BATCH)
    terms = Term.objects.bulk_create(
        [Term(council=c, ordinal=19, start_date=OLD_TERM[0], end_date=OLD_TERM[1]) for c in councils]
        + [Term(council=c, ordinal=20, election_date=D(2021, 5, 23), start_date=NEW_TERM_START) for c in councils],
        batch_size=BATCH,
    )
    n = len(councils)
    result = [Province(two_tier=(p == 0 and provinces > 1)) for p in range(provinces)]
    for i, (unit, council, (p, level, index)) in enumerate(zip(units, councils, kinds, strict=True)):
        place = Place(council.pk, level, index, unit.is_remote, old_term=terms[i].pk, new_term=terms[n + i].pk)
        if result[p].two_tier and level == "HUYEN":
            place.last_day = LAST_DISTRICT_DAY
        result[p].places.append(place)
    links = [
        UnitLink(unit=unit, parent_id=units[parent].pk, valid_from=UNITS_FROM)
        for unit, parent in zip(units, parents, strict=True)
        if parent is not None
    ]
    UnitLink.objects.bulk_create(links, batch_size=BATCH)
    if result[0].two_tier:
        _two_tier(units[0])
    return result


def _two_tier(province: AdministrativeUnit) -> None:
    """What `councils.reorganise.apply` does with a file that keeps every commune under the province
    (giu_nguyen) and ends every district (ket_thuc_cap) on 01/07/2025."""
    districts = list(AdministrativeUnit.objects.filter(parent=province))
    communes = list(AdministrativeUnit.objects.filter(parent__in=districts))
    UnitLink.objects.filter(unit__in=[*districts, *communes], valid_to=None).update(valid_to=LAST_DISTRICT_DAY)
    UnitLink.objects.bulk_create(
        [UnitLink(unit=c, parent=province, valid_from=TWO_TIER_FROM) for c in communes], batch_size=BATCH
    )
    AdministrativeUnit.objects.filter(pk__in=[c.pk for c in communes]).update(parent=province)
    AdministrativeUnit.objects.filter(pk__in=[d.pk for d in districts]).update(valid_to=LAST_DISTRICT_DAY)
    Term.objects.filter(council__unit__in=districts, end_date=None).update(end_date=LAST_DISTRICT_DAY)
    kinds = [UnitChangeEvent.Kind.TRANSFER] * len(communes) + [UnitChangeEvent.Kind.DISSOLVE_LEVEL] * len(districts)
    events = UnitChangeEvent.objects.bulk_create(
        [UnitChangeEvent(kind=kind, effective_date=TWO_TIER_FROM, legal_basis=BASIS) for kind in kinds]
    )
    before = UnitChangeEvent.predecessors.through
    after = UnitChangeEvent.successors.through
    units = [*communes, *districts]
    before.objects.bulk_create(
        [before(unitchangeevent=e, administrativeunit=u) for e, u in zip(events, units, strict=True)]
    )
    after.objects.bulk_create(
        [after(unitchangeevent=e, administrativeunit=u) for e, u in zip(events, communes, strict=False)]
    )


def users(provinces: list[Province]) -> dict[str, str]:
    """A clerk of one commune (of an ordinary province), a reviewer of its district, and a reviewer of the
    two-tier province. Returns {role name: username}; they have no password (the runner logs them in)."""
    ordinary = provinces[1] if len(provinces) > 1 else provinces[0]
    district = next(p for p in ordinary.places if p.level == "HUYEN")
    district_at = ordinary.places.index(district)
    commune = next(p for p in ordinary.places[district_at:] if p.level == "XA")
    chosen = {
        "clerk": ("bench.clerk", commune, Membership.Role.CLERK),
        "district": ("bench.district", district, Membership.Role.REVIEWER),
        "province": ("bench.province", provinces[0].places[0], Membership.Role.REVIEWER),
    }
    User = get_user_model()
    for username, place, role in chosen.values():
        user = User.objects.create_user(username)
        Membership.objects.create(user=user, council_id=place.council_id, role=role)
    return {name: username for name, (username, _place, _role) in chosen.items()}
