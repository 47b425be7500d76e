"""Who may read and write which council. Every view, admin and form resolves councils here.

A council the user may not read does not exist for them (404); a council they may read
but not write is a 403. The rules, from Membership.CAPABILITIES:

- a member reads their own council;
- a member whose role reads subunits (district reviewer, viewer) also reads every
  council below theirs (communes of a district, and for a province both levels);
- a member whose role edits writes their own council only;
- a member whose role reviews may accept or return the councils below theirs.
"""

from collections.abc import Callable

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.utils import timezone

from councils import tree
from councils.collation import vn_sorted
from councils.models import Council, Membership, UnitLink, council_of


def readable_councils(user):
    if not user.is_authenticated:
        return Council.objects.none()
    if user.is_superuser:
        return Council.objects.all()
    return Council.objects.filter(pk__in=readable_council_ids(user))


def readable_council_ids(user) -> list[int]:
    """The ids of the councils a member reads: their own, and every council that was ever below a
    council whose role reads subunits. Resolved once per request into a plain list, which plans as
    what it is (a few councils), where sub-queries OR'd together made PostgreSQL expect the country."""
    if not hasattr(user, "_readable_ids"):
        own = [council.pk for council in member_councils(user)]
        user._readable_ids = sorted({*own, *(entry.council for entry in _below(user))})
    return user._readable_ids


def readable_council_count(user) -> int:
    """How many councils the user reads, without reading them: one COUNT for a superuser, none for a
    member (their ids are resolved once per request)."""
    if not user.is_authenticated:
        return 0
    if user.is_superuser:
        return Council.objects.count()
    return len(readable_council_ids(user))


def _below(user) -> list[tree.Below]:
    """The councils below the user's reading councils, with the days they were below (once per request)."""
    if not hasattr(user, "_below"):
        member_councils(user)  # the user's roles, read once per request
        units = user._reading_units
        user._below = tree.below(units) if units else []
    return user._below


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
    own = Q(**{f"{council_path}__in": [council.pk for council in member_councils(user)]})
    return queryset.filter(own | queryset.within_q(tree.group(_below(user)), council_path, date_path))


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
    return Council.objects.filter(pk__in=reviewable_council_ids(user))


def reviews(user, council: Council) -> bool:
    """Whether the user accepts or returns this council's years."""
    return user.is_authenticated and (user.is_superuser or council.pk in reviewable_council_ids(user))


def reviewable_council_ids(user) -> set[int]:
    """The councils a member reviews: those below a council whose role reviews subunits, as the tree
    stands today (councils.tree) — once a district has ended, its communes' years (earlier ones too)
    are the province's to accept or return. Asked anew each time: the tree changes by date. A year
    is reviewed on its pages, which open only for a year the reviewer reads (`reads_in_year`): a
    commune that came under their district keeps its earlier years with those who read them then
    (the province)."""
    member_councils(user)  # the user's roles, read once per request
    today, units = timezone.localdate(), user._reviewing_units
    return {entry.council for entry in tree.below(units, today, today)} if units else set()


def member_councils(user) -> list[Council]:
    """The councils the user works in (with their units), read once per request."""
    if not user.is_authenticated:
        return []
    if not hasattr(user, "_member_councils"):
        # a user has a few memberships: sorted here, not by the database (each request asks this)
        memberships = vn_sorted(
            Membership.objects.filter(user=user).select_related("council__unit", "council__unit__parent"),
            key=lambda membership: membership.council.unit.name,
        )
        user._member_councils = []
        user._reading_units = []  # the units whose councils below the user reads (readable_records)
        user._editing_ids = set()  # the councils whose records the user writes (can_edit)
        user._reviewing_units = []  # the units whose councils below the user reviews (reviewable_council_ids)
        for membership in memberships:
            user._member_councils.append(membership.council)
            if membership.role in Membership.roles_that("read_subunits"):
                user._reading_units.append(membership.council.unit_id)
            if membership.role in Membership.roles_that("edit"):
                user._editing_ids.add(membership.council_id)
            if membership.role in Membership.roles_that("review_subunits"):
                user._reviewing_units.append(membership.council.unit_id)
    return user._member_councils


def has_any_council(user) -> bool:
    """Whether the user belongs to any council (the admin asks once per model: read once)."""
    return user.is_authenticated and (user.is_superuser or bool(member_councils(user)))


def sees_personal_data(user) -> Callable[[int], bool]:
    """Whether `user` may see the personal data of a council's records — a petitioner's name,
    address and phone — as a test on the council's id. Only the council's own people may
    (the identity of a person who denounces is protected: Luật Tố cáo 2018); the councils
    above see the petition without it. No query once the user's councils are read (member_councils)."""
    if not user.is_authenticated:
        return lambda council_id: False
    if user.is_superuser:
        return lambda council_id: True
    return {council.pk for council in member_councils(user)}.__contains__


def hidden_fields(user, record) -> tuple[str, ...]:
    """The record's personal fields (`CouncilRecord.personal_fields`) that `user` may not see: all
    of them unless the user sees the personal data of the record's council, none otherwise."""
    personal = getattr(record, "personal_fields", ())
    council = council_of(record) if personal else None
    return () if council is not None and sees_personal_data(user)(council.pk) else personal


def is_member(user, council: Council) -> bool:
    """Whether the user works in this council itself (not merely above it)."""
    return sees_personal_data(user)(council.pk)


def editable_council_ids(user) -> set[int]:
    """The ids of the councils whose records the user writes (from the memberships read once)."""
    if not user.is_authenticated:
        return set()
    if user.is_superuser:
        return set(Council.objects.order_by().values_list("pk", flat=True))  # no join, no sort
    member_councils(user)
    return user._editing_ids


def can_edit(user, council: Council) -> bool:
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    member_councils(user)  # the user's roles, read once per request
    return council.pk in user._editing_ids


def reads_below(user, council: Council) -> bool:
    """Whether the user reads the councils below this one (and so may see their figures): a role
    that reads subunits, on this council or the one above it. A district's clerk does not."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    member_councils(user)  # the user's roles, read once per request
    return council.unit_id in user._reading_units or any(entry.council == council.pk for entry in _below(user))


def can_sign_report(user, council: Council) -> bool:
    """The council's report is signed by those who edit its records and, where councils below it
    report too, read them: the coordination report speaks for both."""
    return can_edit(user, council) and reads_report_of(user, council)


def can_import(user, council: Council) -> bool:
    """Who may load a workbook of records into a council (workbooks): those who write it, and a
    reviewer of the councils below theirs for any of those (a commune's year arriving on paper)."""
    return can_edit(user, council) or reviews(user, council)


def review_scope(user) -> tuple:
    """What decides, with the day, which councils the user reviews (`reviewable_council_ids`), read
    without a query: two readers with the same scope review the same councils (a kept page's key)."""
    if not user.is_authenticated:
        return ()
    if user.is_superuser:
        return ("*",)
    member_councils(user)  # the user's roles, read once per request
    return tuple(sorted(user._reviewing_units))


def reviewed_among(user, councils: list[Council]) -> set[int]:
    """The ids of these councils whose years the user reviews (one query, none for a non-reviewer)."""
    ids = {council.pk for council in councils}
    if not user.is_authenticated:
        return set()
    return ids if user.is_superuser else ids & reviewable_council_ids(user)


def council_for_read(user, slug: str, year: int | None = None) -> Council:
    """The council with this slug if the user may read it (in `year`, for a page of one year:
    `reads_in_year`, and not after the council ended); 404 otherwise. A member's own council comes
    with their memberships (read once per request), with no query of its own."""
    own = next((council for council in member_councils(user) if council.unit.slug == slug), None)
    if own is None:
        try:
            own = readable_councils(user).with_unit().get(unit__slug=slug)
        except Council.DoesNotExist:
            raise Http404 from None
        if year is not None and not reads_in_year(user, own, year):
            raise Http404
    if year is not None and own.unit.ended_before(year):  # no year after the council ended
        raise Http404
    return own


def reads_in_year(user, council: Council, year: int, *, in_part: bool = False) -> bool:
    """Whether the user reads the council's `year` (`councils_read_in_year`)."""
    return council.pk in councils_read_in_year(user, [council], year, in_part=in_part)


def councils_read_in_year(user, councils: list[Council], year: int, *, in_part: bool = False) -> set[int]:
    """The ids of those councils whose `year` the user reads whole: every day of it the council
    lived (their own councils; one below theirs on all those days: `readable_records`' rule) — the
    pages that state a council's year (its dashboard, report, page of work) open only then. With
    `in_part`, some day of it is enough (its records, read as the lists read them). A former
    district reads its former communes' 2025 in part (until 30/06) and their later years not at
    all; a commune merged away on 30/06/2025 it reads whole. No query once `_below` is read."""
    ids = {council.pk for council in councils}
    if not user.is_authenticated:
        return set()
    if user.is_superuser:
        return ids
    found = ids & {own.pk for own in member_councils(user)}
    first, last = tree.year_bounds(year)
    read = {}
    for entry in tree.clipped(_below(user), first, last):
        if entry.council in ids:
            read.setdefault(entry.council, []).append(entry)
    for council in councils:
        entries = read.get(council.pk)
        if entries and (in_part or tree.covers_life(entries, council.unit, first, last)):
            found.add(council.pk)
    return found


def read_scope(user) -> tuple:
    """What decides, with the day, which councils' years the user reads (`councils_read_in_year`),
    read without a query: two readers with the same scope read the same (a kept page's key)."""
    if not user.is_authenticated:
        return ()
    if user.is_superuser:
        return ("*",)
    own = sorted(council.pk for council in member_councils(user))
    return tuple(own), tuple(sorted(user._reading_units))


def reads_report_of(user, council: Council) -> bool:
    """Whether the user reads the council's report as signed, which speaks for the councils below it
    too (Phụ lục I lists each): anyone who reads a council with none below, else those who read
    them (`reads_below`; a district's clerk does not)."""
    has_below = UnitLink.objects.filter(parent=council.unit_id).exists()
    return not has_below or reads_below(user, council)


def council_for_edit(user, slug: str, year: int | None = None) -> Council:
    """The council with this slug if the user may write it (in `year`, for a page of one year);
    404 if unseen, 403 if read-only."""
    council = council_for_read(user, slug, year)
    if not can_edit(user, council):
        raise PermissionDenied
    return council
