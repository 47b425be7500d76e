"""What every record of a council's yearly work has in common: a council, a day that places it
in a year, the checks that follow from them, and the lock of a year the council above accepted."""

import datetime
import operator
from functools import reduce
from typing import ClassVar

from django.apps import apps
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import connection, models
from django.db.models import Q
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from councils.models.councils import Council
from councils.models.submissions import Submission
from councils.validation import PlausibleDates, check_day_in_council_life


def follow(record, path: str):
    """The value at an ORM path ("session__council") from a record, None where a link is empty."""
    return reduce(lambda obj, name: None if obj is None else getattr(obj, name), path.split("__"), record)


class YearQuerySet(models.QuerySet):
    """`in_year(2023)`, `for_council_year(council, 2023)` and `for_councils(...)`, by the model's
    declared `date_path` and `council_path`."""

    def in_year(self, year: int):
        return self.filter(**{f"{self.model.date_path}__year": year})

    def for_council_year(self, council, year: int):
        return self.filter(**{self.model.council_path: council}).in_year(year)

    def for_councils(self, councils):
        return self.filter(**{f"{self.model.council_path}__in": councils})

    def within(self, spans: dict, council_path: str = "", date_path: str = ""):
        """Each council's records on the days of its span only: `spans` is {(first, last): [council
        ids]}, an open end None (councils.tree). The paths default to the model's declared ones."""
        return self.filter(self.within_q(spans, council_path, date_path))

    def within_q(self, spans: dict, council_path: str = "", date_path: str = "") -> Q:
        council_path, date_path = council_path or self.model.council_path, date_path or self.model.date_path

        def on_days(first, last, councils) -> Q:
            days = ({f"{date_path}__gte": first} if first else {}) | ({f"{date_path}__lte": last} if last else {})
            return Q(**{f"{council_path}__in": councils, **days})

        if len(spans) <= 1:
            (first, last), councils = next(iter(spans.items()), ((None, None), []))
            return on_days(first, last, councils)
        # Several spans: every council and the outer days first, so that the database reads the
        # (council, day) index for all of them at once; then each council's own days.
        firsts, lasts = [first for first, _last in spans], [last for _first, last in spans]
        outer = on_days(
            None if None in firsts else min(firsts),
            None if None in lasts else max(lasts),
            sorted({council for councils in spans.values() for council in councils}),
        )
        return outer & reduce(
            operator.or_, (on_days(first, last, councils) for (first, last), councils in spans.items())
        )


class Versioned(PlausibleDates, models.Model):
    """A record that counts its saves, so that a save made from an outdated page is refused
    instead of silently undoing someone else's change (councils.records.save_record)."""

    version = models.PositiveIntegerField(gettext_lazy("lần sửa"), default=0, editable=False)

    class Meta:
        abstract = True


class CouncilRecord(Versioned):
    """The base of every record of a council's yearly work: sessions, resolutions, meetings,
    questions, oversight, voter meetings and opinions, reception, petitions, the register.

    Each record type declares once where its council and its day are, and the admin (scoping,
    filters), the drill-down lists and the selectors read the declarations:

    - `council_path`: the ORM path to its Council ("council", or "session__council");
    - `date_path`: the ORM path to the day that places it in a year ("start_date", "meeting__date").

    A record entered on its parent's page (a petition on a citizen reception) takes its council
    from the parent: `take_council_from_parent()`, called before validation and before saving.

    `clean()` checks what every record shares — its day is one on which its council existed and
    (with `day_needs_term`) falls in one of its terms — then calls `check_rules(errors)` for the
    type's own rules. `full_clean()` refuses a change to a year the council above has accepted
    (`locks_with_period`). Admin forms, inlines, imports and the demo loader all call it.

    `personal_fields` names the fields only the council's own people may see (a petitioner's
    identity): every page and export that shows a record hides them from anyone else
    (`councils.access.hidden_fields`). `internal_fields` names what the system keeps for itself
    (a resolution's numbering scope), which the history page leaves out.
    """

    council_path: ClassVar[str] = "council"
    personal_fields: ClassVar[tuple[str, ...]] = ()
    internal_fields: ClassVar[tuple[str, ...]] = ()
    date_path: ClassVar[str] = "date"
    day_needs_term: ClassVar[bool] = False
    checks_day_in_council_life: ClassVar[bool] = True
    locks_with_period: ClassVar[bool] = True

    updated_at = models.DateTimeField(auto_now=True)

    objects = YearQuerySet.as_manager()

    class Meta(Versioned.Meta):
        abstract = True

    def save(self, *args, **kwargs):
        self.take_council_from_parent()
        super().save(*args, **kwargs)

    @property
    def record_day(self) -> datetime.date | None:
        day = follow(self, self.date_path)
        return day if isinstance(day, datetime.date) else None

    @property
    def record_year(self) -> int | None:
        return self.record_day.year if self.record_day else None

    def tally_keys(self) -> set[tuple[int, int]]:
        """The (council id, year)s whose figures count this record as it is now (models.tally)."""
        # the council's id, not the council: no query for it after every write and delete
        council_id = follow(self, f"{self.council_path}_id")
        year = self.record_year
        return {(council_id, year)} if council_id is not None and year else set()

    @classmethod
    def own_day_path(cls) -> str | None:
        """The field of the record's day when it must be a day of its council's life
        (`check_day_in_council_life`): only where the record holds its council and day itself;
        through a parent (a resolution's session) the parent was checked."""
        if cls.checks_day_in_council_life and cls.council_path == "council" and "__" not in cls.date_path:
            return cls.date_path
        return None

    def clean(self):
        errors = {}
        if self.own_day_path():
            day = getattr(self, self.date_path)
            if self.council_id and day:
                problem = check_day_in_council_life(self.council, day, need_term=self.day_needs_term)
                if problem:
                    errors[self.date_path] = problem
        self.check_rules(errors)
        if errors:
            raise ValidationError(errors)

    def check_rules(self, errors: dict) -> None:
        """Add this record type's own errors to `errors` ({field name: message}); `errors` already
        holds the shared checks' findings, so a rule may stay silent where they failed."""

    def take_council_from_parent(self) -> None:
        """Set the council from the record this one was entered with, where it has one."""

    def clean_fields(self, exclude=None):
        """Django's, without asking the database whether a related record exists when a foreign key
        of this record holds it, read from or saved to the database (a council, a session, a
        meeting: each write asked once per such field). One named by its id alone is still asked
        about, as are one-to-one fields and those with `limit_choices_to`; the database refuses a
        related record deleted meanwhile, as it would after Django's check."""
        held = {
            field.name
            for field in self._meta.concrete_fields
            if field.many_to_one
            and field.is_cached(self)
            and not field.get_limit_choices_to()
            and (related := field.get_cached_value(self)) is not None
            and not related._state.adding
        }
        super().clean_fields(exclude={*(exclude or ()), *held})

    def full_clean(self, *args, **kwargs):
        self.take_council_from_parent()  # before field checks: the council may come from the parent
        super().full_clean(*args, **kwargs)
        message = locked_period_message(self)
        if message:
            raise ValidationError(message, code="locked")


def council_of(record: models.Model) -> Council | None:
    """The council a record belongs to (a council belongs to itself; a user account, none)."""
    if isinstance(record, Council):
        return record
    try:
        return getattr(record, "council", None)
    except ObjectDoesNotExist:  # a unit without a council, a record whose council is not chosen yet
        return None


def locked_period_message(record) -> str | None:
    """Why this record may not be changed (its year, or the year it had, was accepted), or None."""
    if not getattr(record, "locks_with_period", False):
        return None
    council = council_of(record)
    if council is None:  # no council chosen yet: the form says so itself
        return None
    years = {record.record_year}
    if record.pk:
        old = type(record)._default_manager.filter(pk=record.pk).first()
        if old is not None:
            years.add(old.record_year)
    years.discard(None)
    submissions = Submission.objects.filter(council=council, year__in=years)
    if connection.in_atomic_block:
        # Hold the year's row until this transaction ends: a year accepted meanwhile waits for this
        # save, and a save that comes after the acceptance sees it (councils.review locks it too).
        submissions = submissions.select_for_update()
    locked = next((s for s in submissions if s.is_locked), None)
    if locked is None:
        return None
    return _("Số liệu năm %(year)s của %(council)s đã được cấp trên duyệt; muốn sửa, đề nghị cấp trên mở lại.") % {
        "year": locked.year,
        "council": council,
    }


def on_every_record_write(receiver, uid: str) -> None:
    """Connect `receiver` to post_save and post_delete of every council record model, however a
    record is written (save_record, a factory, a queryset's delete, a cascade). From AppConfig.ready()."""
    for model in apps.get_models():
        if issubclass(model, CouncilRecord):
            for signal in (post_save, post_delete):
                signal.connect(receiver, sender=model, dispatch_uid=f"{uid}-{model._meta.label}")
