"""Hand-written SQL for the scale runner: for each page, one PostgreSQL statement that computes the
same answer as the product's queries — the figures of a set of councils, or a list's first page
and its count for the councils a user reads — as someone who knows the schema would write it.
Its time, measured in the same run, is the floor the product's time is compared with."""

import re

from councils.models import Membership

# The councils a user reads (councils.access): their own, and those one or two levels below the
# units of the councils where their role reads below, at any time (the lists' day windows aside).
READABLE = """
WITH own AS (SELECT council_id, role FROM councils_membership WHERE user_id = %(user)s),
top AS (SELECT c.unit_id FROM councils_council c JOIN own ON own.council_id = c.id
        WHERE own.role = ANY(%(reading)s)),
one AS (SELECT l.unit_id FROM councils_unitlink l WHERE l.parent_id IN (SELECT unit_id FROM top)),
two AS (SELECT l.unit_id FROM councils_unitlink l WHERE l.parent_id IN (SELECT unit_id FROM one)),
readable AS (SELECT council_id AS id FROM own
             UNION SELECT c.id FROM councils_council c
             WHERE c.unit_id IN (SELECT unit_id FROM one UNION SELECT unit_id FROM two))
"""


def reading_roles() -> list[str]:
    return list(Membership.roles_that("read_subunits"))


def list_page(model, per_page: int) -> str:
    """A list's (or a changelist's) first page, newest first within each council, with the count
    of every row the user reads. Parameters: user, reading."""
    table = model._meta.db_table
    council, day, join = _column(model, model.council_path), _column(model, model.date_path), _join(model)
    return (
        READABLE
        + f"SELECT t.id, count(*) OVER () AS total FROM {table} t {join} "
        + f"WHERE {council} IN (SELECT id FROM readable) ORDER BY {council}, {day} DESC, t.id LIMIT {per_page}"
    )


def _join(model) -> str:
    paths = {model.council_path, model.date_path}
    parent = next((p.split("__")[0] for p in paths if "__" in p), None)
    if parent is None:
        return ""
    target = model._meta.get_field(parent).related_model._meta.db_table
    return f"JOIN {target} p ON p.id = t.{parent}_id"


def _column(model, path: str) -> str:
    if path == "council":
        return "t.council_id"
    if "__" in path:
        last = path.split("__")[1]
        return "p.council_id" if last == "council" else f"p.{last}"
    return f"t.{path}"


# Councils whose figures a page shows: one council and those below it in the year (a district's
# communes; a province's districts and communes, or its communes from 01/07/2025). Parameters:
# council, first, last.
BELOW = """
WITH self AS (SELECT unit_id FROM councils_council WHERE id = %(council)s),
one AS (SELECT unit_id FROM councils_unitlink WHERE parent_id IN (SELECT unit_id FROM self)
        AND valid_from <= %(last)s AND (valid_to IS NULL OR valid_to >= %(first)s)),
two AS (SELECT unit_id FROM councils_unitlink WHERE parent_id IN (SELECT unit_id FROM one)
        AND valid_from <= %(last)s AND (valid_to IS NULL OR valid_to >= %(first)s)),
councils AS (SELECT id FROM councils_council WHERE id = %(council)s
             OR unit_id IN (SELECT unit_id FROM one UNION SELECT unit_id FROM two))
"""
# The year's figures by council: each kind of record counted (and split as the dashboard splits
# it), from `first` to `last` (a dashboard's two years: this one and the one before).
FIGURES = """
SELECT 'session' AS what, council_id, extract(year FROM start_date) AS y, kind AS k, count(*), 0
  FROM council_sessions_session WHERE {council:council_id}
  AND start_date BETWEEN %(first)s AND %(last)s GROUP BY 2, 3, 4
UNION ALL
SELECT 'resolution', s.council_id, extract(year FROM r.adopted_on), '', count(*), 0
  FROM council_sessions_resolution r JOIN council_sessions_session s ON s.id = r.session_id
  WHERE {council:s.council_id} AND r.adopted_on BETWEEN %(first)s AND %(last)s GROUP BY 2, 3
UNION ALL
SELECT 'sc_meeting', council_id, extract(year FROM date), '', count(*), 0
  FROM council_sessions_standingcommitteemeeting WHERE {council:council_id}
  AND date BETWEEN %(first)s AND %(last)s GROUP BY 2, 3
UNION ALL
SELECT 'question', council_id, extract(year FROM asked_on), '', count(*), 0
  FROM council_sessions_question WHERE {council:council_id}
  AND asked_on BETWEEN %(first)s AND %(last)s GROUP BY 2, 3
UNION ALL
SELECT 'oversight', council_id, extract(year FROM start_date), form || '/' || actor, count(*), 0
  FROM oversight_oversightactivity WHERE {council:council_id}
  AND start_date BETWEEN %(first)s AND %(last)s GROUP BY 2, 3, 4
UNION ALL
SELECT 'recommendation', a.council_id, extract(year FROM a.start_date), f.status, count(*), 0
  FROM oversight_followupitem f JOIN oversight_oversightactivity a ON a.id = f.oversight_id
  WHERE {council:a.council_id} AND a.start_date BETWEEN %(first)s AND %(last)s GROUP BY 2, 3, 4
UNION ALL
SELECT 'voter_meeting', council_id, extract(year FROM date), deputy_level || '/' || timing, count(*),
       sum(voters_attending)
  FROM oversight_votermeeting WHERE {council:council_id}
  AND date BETWEEN %(first)s AND %(last)s GROUP BY 2, 3, 4
UNION ALL
SELECT 'opinion', m.council_id, extract(year FROM m.date), o.kind, count(*), count(o.forwarded_on)
  FROM oversight_voteropinion o JOIN oversight_votermeeting m ON m.id = o.meeting_id
  WHERE {council:m.council_id} AND m.date BETWEEN %(first)s AND %(last)s GROUP BY 2, 3, 4
UNION ALL
SELECT 'reception', council_id, extract(year FROM date), '', count(*), sum(citizens)
  FROM oversight_citizenreception WHERE {council:council_id}
  AND date BETWEEN %(first)s AND %(last)s GROUP BY 2, 3
UNION ALL
SELECT 'petition', council_id, extract(year FROM received_on), type, count(*),
       count(*) FILTER (WHERE decided_on IS NULL AND forwarded_on IS NULL AND is_eligible AND NOT is_duplicate)
  FROM oversight_petition WHERE {council:council_id}
  AND received_on BETWEEN %(first)s AND %(last)s GROUP BY 2, 3, 4
UNION ALL
SELECT 'follow_up', council_id, extract(year FROM created_on), status, count(*),
       count(*) FILTER (WHERE merged_into_id IS NULL AND status <> 'DA' AND due_date < %(today)s)
  FROM oversight_followupitem WHERE {council:council_id}
  AND created_on BETWEEN %(first)s AND %(last)s GROUP BY 2, 3, 4
"""


def figures_below() -> str:
    """The councils are resolved to an array first (an InitPlan), so that each table is read through
    its council index for just those councils."""
    return BELOW + _with_councils(lambda column: f"{column} = ANY(ARRAY(SELECT id FROM councils))")


def figures_national() -> str:
    """Every record of the year belongs to a council that existed on its day: no council filter."""
    return _with_councils(lambda column: "TRUE")


def _with_councils(predicate) -> str:
    return re.sub(r"\{council:([\w.]+)\}", lambda match: predicate(match.group(1)), FIGURES)
