"""Reads from a replica (DATABASE_REPLICA_URL; docs/deploy.md, "Beyond one machine").

Installed by settings only when a replica is configured. The design, smallest first:

- **Only the pages that show figures read the replica** (`REPLICA_PAGES`: the dashboard, the
  drill-down lists and their exports, the annual report's previews), and only on GET. Everything
  else reads the primary: logins and sessions, the admin and its forms, review and signing, the
  page a clerk lands on after saving. So a user always sees what they just wrote, even while the
  replica is a moment behind; a figures page may be behind by the replica's delay.
- **Every write goes to the primary**, also from a replica page.
- **Inside a transaction on the primary every read goes to the primary too**, so a transaction
  that writes reads its own writes: `councils.records.save_record` (`select_for_update` inside
  `atomic`), signing a report, a summary written while a page is drawn.
- The user and their session are loaded from the primary before the page's reads are switched, so
  a login made a moment ago is never missed.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.db import DEFAULT_DB_ALIAS, connections

REPLICA = "replica"
REPLICA_PAGES = frozenset({"dashboard", "record_list", "annual_report", "annual_report_pdf", "annual_report_docx"})

_reads_replica: ContextVar[bool] = ContextVar("reads_replica", default=False)


@contextmanager
def replica_reads():
    """Reads in this block go to the replica (outside a transaction on the primary)."""
    token = _reads_replica.set(True)
    try:
        yield
    finally:
        _reads_replica.reset(token)


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        if _reads_replica.get() and not connections[DEFAULT_DB_ALIAS].in_atomic_block:
            return REPLICA
        return DEFAULT_DB_ALIAS

    def db_for_write(self, model, **hints):
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        return True  # one database and its copy

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == DEFAULT_DB_ALIAS  # the replica follows the primary by replication


class ReplicaReadsMiddleware:
    """Switches the reads of a REPLICA_PAGES view to the replica, for that view and its template."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            return self.get_response(request)
        finally:
            if (token := getattr(request, "_replica_token", None)) is not None:
                _reads_replica.reset(token)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.method in ("GET", "HEAD") and request.resolver_match.url_name in REPLICA_PAGES:
            request.user.is_authenticated  # noqa: B018  the session and the user, from the primary
            request._replica_token = _reads_replica.set(True)
        return None
