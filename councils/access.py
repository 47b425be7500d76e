"""Who may read and write which council. Every view, admin and form resolves councils here.

A council the user may not read does not exist for them (404); a council they may read
but not write is a 403. The rules, from Membership.CAPABILITIES:

- a member reads their own council;
- a member whose role reads subunits (district reviewer, viewer) also reads every
  council below theirs (communes of a district, and for a province both levels);
- a member whose role edits writes their own council only;
- a member whose role reviews may accept or return the councils below theirs.
"""

import datetime
from collections.abc import Callable

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.utils import timezone

from councils import tree
from councils.collation import vn_order
from councils.models import Council, Membership, UnitLink


def _councils_below(user, capability: str, on: datetime.date | None = None) -> Q:
    """Councils of units under the user's units, one or two levels down: on the day `on` (the tree
    as it stands, for reviewing), or at any time (for reading: a province reads its districts and
    their communes' records from before July 2025, and its communes after)."""
    units = Membership.objects.filter(user=user, role__in=Membership.roles_that(capability)).values("council__unit")
    links = UnitLink.objects.valid_on(on) if on else UnitLink.objects.all()
    below = links.filter(parent__in=units).values("unit")
    return Q(unit__in=below) | Q(unit__in=links.filter(parent__in=below).values("unit"))


def readable_councils(user):
    if not user.is_authenticated:
        return Council.objects.none()
    if user.is_superuser:
        return Council.objects.all()
    own = Membership.objects.filter(user=user).values("council")
    return Council.objects.filter(Q(pk__in=own) | _councils_below(user, "read_subunits"))


def readable_records(user, queryset):
    """The records of `queryset` the user may read: every record of their own councils, and a
    council's below theirs only for the days that council was below theirs — after 01/07/2025 a
    former district's members no longer read its former communes' new records. Models without a
    `date_path` (a council, a term) are read by council (`readable_councils`)."""
    model = queryset.model
    council_path = getattr(model, "council_path", "council")
    if not user.is_authenticated:
        return queryset.none()
    if user.is_superuser:
        return queryset
    date_path = getattr(model, "date_path", None)
    if date_path is None:
        return queryset.filter(**{f"{council_path}__in": readable_councils(user)})
    own = Q(**{f"{council_path}__in": Membership.objects.filter(user=user).values("council")})
    if not hasattr(user, "_spans_below"):  # once per request
        member_councils(user)  # the user's roles, read once per request
        units = user._reading_units
        user._spans_below = tree.group(tree.below(units)) if units else {}
    return queryset.filter(own | queryset.within_q(user._spans_below, council_path, date_path))


def editable_councils(user):
    if not user.is_authenticated:
        return Council.objects.none()
    if user.is_superuser:
        return Council.objects.all()
    return Council.objects.filter(
        pk__in=Membership.objects.filter(user=user, role__in=Membership.roles_that("edit")).values("council")
    )


def reviewable_councils(user):
    if not user.is_authenticated:
        return Council.objects.none()
    if user.is_superuser:
        return Council.objects.all()
    # Who reviews a council is its council above as the tree stands today: once a district has
    # ended, its communes' years (earlier ones too) are the province's to accept or return.
    return Council.objects.filter(_councils_below(user, "review_subunits", on=timezone.localdate()))


def member_councils(user) -> list[Council]:
    """The councils the user works in (with their units), read once per request."""
    if not user.is_authenticated:
        return []
    if not hasattr(user, "_member_councils"):
        memberships = (
            Membership.objects.filter(user=user)
            .select_related("council__unit", "council__unit__parent")
            .order_by(vn_order("council__unit__name"))
        )
        user._member_councils = []
        user._reading_units = []  # the units whose councils below the user reads (readable_records)
        for membership in memberships:
            user._member_councils.append(membership.council)
            if membership.role in Membership.roles_that("read_subunits"):
                user._reading_units.append(membership.council.unit_id)
    return user._member_councils


def has_any_council(user) -> bool:
    """Whether the user belongs to any council (the admin asks once per model: read once)."""
    return user.is_authenticated and (user.is_superuser or bool(member_councils(user)))


def sees_personal_data(user) -> Callable[[int], bool]:
    """Whether `user` may see the personal data of a council's records — a petitioner's name,
    address and phone — as a test on the council's id. Only the council's own people may
    (the identity of a person who denounces is protected: Luật Tố cáo 2018); the councils
    above see the petition without it. One query, however many records are tested."""
    if not user.is_authenticated:
        return lambda council_id: False
    if user.is_superuser:
        return lambda council_id: True
    return set(Membership.objects.filter(user=user).values_list("council", flat=True)).__contains__


def is_member(user, council: Council) -> bool:
    """Whether the user works in this council itself (not merely above it)."""
    return sees_personal_data(user)(council.pk)


def can_edit(user, council: Council) -> bool:
    return editable_councils(user).filter(pk=council.pk).exists()


def reads_below(user, council: Council) -> bool:
    """Whether the user reads the councils below this one (and so may see their figures): a role
    that reads subunits, on this council or the one above it. A district's clerk does not."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    holders = Q(council=council) | Q(council__unit__in=UnitLink.objects.filter(unit=council.unit_id).values("parent"))
    return Membership.objects.filter(holders, user=user, role__in=Membership.roles_that("read_subunits")).exists()


def can_sign_report(user, council: Council) -> bool:
    """The council's report is signed by those who edit its records and, where councils below it
    report too, read them: the coordination report speaks for both."""
    has_below = UnitLink.objects.filter(parent=council.unit_id).exists()
    return can_edit(user, council) and (not has_below or reads_below(user, council))


def can_import(user, council: Council) -> bool:
    """Who may load a workbook of records into a council (workbooks): those who write it, and a
    reviewer of the councils below theirs for any of those (a commune's year arriving on paper)."""
    return can_edit(user, council) or reviewable_councils(user).filter(pk=council.pk).exists()


def council_for_read(user, slug: str) -> Council:
    """The council with this slug if the user may read it; 404 otherwise."""
    try:
        return readable_councils(user).with_unit().get(unit__slug=slug)
    except Council.DoesNotExist:
        raise Http404 from None


def council_for_edit(user, slug: str) -> Council:
    """The council with this slug if the user may write it; 404 if unseen, 403 if read-only."""
    council = council_for_read(user, slug)
    if not can_edit(user, council):
        raise PermissionDenied
    return council
