"""What every council record has in common: a council, a year, and a period that may be locked."""

import datetime
from functools import reduce

from django.core.exceptions import ValidationError
from django.db import models


def _follow(record, path: str):
    return reduce(lambda obj, name: None if obj is None else getattr(obj, name), path.split("__"), record)


class YearQuerySet(models.QuerySet):
    """`in_year(2023)` and `for_council_year(council, 2023)`, by the model's `year_field`
    and `council_field` (ORM paths such as "start_date", "meeting__council")."""

    def in_year(self, year: int):
        return self.filter(**{f"{self.model.year_field}__year": year})

    def for_council_year(self, council, year: int):
        return self.filter(**{self.model.council_field: council}).in_year(year)

    def for_councils(self, councils):
        return self.filter(**{f"{self.model.council_field}__in": councils})


class CouncilRecord:
    """Mixin for the models of a council's yearly work.

    Declares where the record's council and year are (`council_field`, `year_field`) and
    refuses, in full_clean(), a change to a year the district has accepted (councils.Submission):
    admin forms, inlines, imports and the demo loader all go through full_clean().
    """

    council_field = "council"
    year_field = "date"
    locks_with_period = True

    @property
    def record_year(self) -> int | None:
        day = _follow(self, self.year_field)
        return day.year if isinstance(day, datetime.date) else None

    def full_clean(self, *args, **kwargs):
        super().full_clean(*args, **kwargs)
        from councils.review import locked_period_message  # review imports models

        message = locked_period_message(self)
        if message:
            raise ValidationError(message, code="locked")
