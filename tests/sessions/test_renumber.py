"""Renumbering a term's sessions by date: previewed, consecutive in the order of their dates,
each change validated and audited as "old → new", all or none (no temporary ordinals in sight)."""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse

from councils.models import AuditEntry
from councils.records import save_record
from sessions import services
from sessions.models import Session

D = datetime.date


@pytest.fixture
def sessions(pho_chau):
    """Sessions 7, 9 and 10 of Phố Châu's term (8 was never entered), 9 and 10 typed the wrong way
    round before ordinals were checked against dates (the database holds what was typed then)."""
    term = pho_chau.term_on(D(2023, 6, 1))
    made = [
        save_record(Session(council=pho_chau, term=term, ordinal=n, start_date=day, end_date=day))
        for n, day in [(7, D(2023, 2, 16)), (9, D(2023, 7, 10)), (10, D(2023, 12, 18))]
    ]
    Session.objects.filter(pk=made[1].pk).update(ordinal=11)
    Session.objects.filter(pk=made[2].pk).update(ordinal=9)
    Session.objects.filter(pk=made[1].pk).update(ordinal=10)
    return term, made


def ordinals(made):
    return [Session.objects.get(pk=s.pk).ordinal for s in made]


def test_the_plan_is_consecutive_in_the_order_of_dates(sessions):
    term, made = sessions
    assert [(s.pk, old, new) for s, old, new in services.planned_ordinals(term)] == [
        (made[0].pk, 7, 7),
        (made[1].pk, 10, 8),
        (made[2].pk, 9, 9),
    ]
    assert [new for _s, _old, new in services.planned_ordinals(term, first=1)] == [1, 2, 3]
    assert ordinals(made) == [7, 10, 9]  # a plan changes nothing


def test_renumbering_saves_each_change_audited_as_old_to_new(sessions, clerk):
    term, made = sessions

    moved = services.renumber_sessions(term, user=clerk)

    assert [(old, new) for _s, old, new in moved] == [(10, 8)]
    assert ordinals(made) == [7, 8, 9]
    entry = AuditEntry.objects.filter(object_id=str(made[1].pk), action=AuditEntry.Action.UPDATE).get()
    assert entry.user == clerk and entry.changes["ordinal"] == ["10", "8"]
    assert services.renumber_sessions(term) == []  # again: nothing to do


def test_a_swap_needs_no_temporary_ordinals(sessions):
    term, made = sessions
    services.renumber_sessions(term, first=8)
    assert ordinals(made) == [8, 9, 10]
    changes = [e.changes["ordinal"] for e in AuditEntry.objects.filter(action=AuditEntry.Action.UPDATE).order_by("pk")]
    assert changes == [["7", "8"], ["10", "9"], ["9", "10"]]


def test_an_invalid_result_changes_nothing(sessions):
    term, made = sessions
    with pytest.raises(ValidationError):
        services.renumber_sessions(term, first=199)  # 199, 200, 201: past the largest ordinal
    assert ordinals(made) == [7, 10, 9]


def test_the_command_previews_then_renumbers(sessions, clerk):
    _term, made = sessions
    out = io.StringIO()
    call_command("renumber_sessions", council="pho-chau", dry_run=True, stdout=out)
    assert "Kỳ họp khai mạc 10/07/2023: 10 → 8" in out.getvalue()
    assert ordinals(made) == [7, 10, 9]

    call_command("renumber_sessions", council="pho-chau", user=clerk.username, stdout=io.StringIO())
    assert ordinals(made) == [7, 8, 9]


def test_the_admin_action_shows_the_plan_then_renumbers(client, sessions, clerk, other_clerk):
    _term, made = sessions
    url = reverse("admin:council_sessions_session_changelist")
    form = {"action": "renumber_by_date", "_selected_action": [made[0].pk]}
    client.force_login(clerk)

    page = client.post(url, form)

    assert page.status_code == 200
    assert (
        "<td>10/07/2023</td><td>Thường lệ (thường kỳ)</td><td>10</td><td><strong>8</strong></td>"
        in page.content.decode()
    )
    assert ordinals(made) == [7, 10, 9]
    done = client.post(url, {**form, "apply": "1"}, follow=True)
    assert "Đã đánh số lại 1 kỳ họp." in done.content.decode()
    assert ordinals(made) == [7, 8, 9]

    client.force_login(other_clerk)  # Phố Châu's sessions are not Sơn Tây's clerk's to choose
    client.post(url, {**form, "apply": "1"})
    assert AuditEntry.objects.filter(user=other_clerk).count() == 0
