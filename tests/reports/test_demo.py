"""The whole demo (`manage.py load_demo`): deterministic, and a second load changes nothing."""

import io

from django.contrib.auth import get_user_model
from django.core.management import call_command

from councils.models import AuditEntry, Membership
from oversight.models import FollowUpItem, OversightActivity, Petition, VoterMeeting, VoterOpinion
from reports import demo
from reports.models import ReportNarrative
from sessions.models import Question, Resolution, Session, StandingCommitteeMeeting

RECORDS = [
    Session,
    Resolution,
    StandingCommitteeMeeting,
    Question,
    OversightActivity,
    FollowUpItem,
    VoterMeeting,
    VoterOpinion,
    Petition,
    ReportNarrative,
    AuditEntry,
]


def counts(models):
    return {model.__name__: model.objects.count() for model in models}


def resolutions():
    return list(Resolution.objects.order_by("pk").values_list("code", "adopted_on", "summary"))


def test_load_demo_again_changes_nothing(demo_2023, settings):
    """The demo is already loaded (once for the test run); `load_demo` on top of it writes no
    record and no audit entry, and creates the logins once."""
    settings.DEBUG, settings.DEMO_PASSWORD = True, "mat-khau-demo"
    before, codes = counts(RECORDS), resolutions()

    call_command("load_demo", stdout=io.StringIO())
    users = counts([get_user_model(), Membership])
    demo.councils_demo.load_users()

    assert counts(RECORDS) == before
    assert resolutions() == codes
    assert len({summary for _code, _day, summary in codes}) > 10
    assert counts([get_user_model(), Membership]) == users == {"User": 6, "Membership": 5}
