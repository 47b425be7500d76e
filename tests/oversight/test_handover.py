"""At a merger the open follow-up items and petitions pass to the new council, still linked to their
source; closed ones stay; clerk accounts move on request (issue 13, point 3)."""

import datetime

from councils import reorganise
from councils.models import AuditEntry, Council, Membership
from councils.records import save_record
from oversight.models import CitizenReception, FollowUpItem, Petition
from tests.councils.test_reorganise import province, two_tier_file  # noqa: F401  (fixture)
from tests.factories import MembershipFactory, UserFactory
from tests.oversight.test_register import activity

D = datetime.date


def test_open_work_passes_to_the_successor_and_closed_work_stays(province):  # noqa: F811
    a1 = Council.objects.get(unit__slug="a1")
    reception = save_record(
        CitizenReception(council=a1, date=D(2025, 5, 5), receiver="Chủ tịch HĐND xã", place="Trụ sở")
    )
    open_petition = save_record(
        Petition(
            council=a1,
            reception=reception,
            type="KIEN_NGHI",
            received_on=D(2025, 5, 5),
            sender_name="Lê Thị Đơn",
            subject="Đường liên thôn",
        )
    )
    closed_petition = save_record(
        Petition(
            council=a1,
            type="PHAN_ANH",
            received_on=D(2025, 3, 1),
            sender_name="Hồ Văn B",
            subject="Đèn đường",
            decided_on=D(2025, 4, 1),
        )
    )
    source = save_record(activity(a1, start_date=D(2025, 5, 10), report_date=D(2025, 5, 20), bodies_overseen="UBND xã"))
    open_item = save_record(
        FollowUpItem(oversight=source, content="Sửa cầu tràn", addressee="UBND xã", due_date=D(2025, 12, 31))
    )
    clerk = MembershipFactory(user=UserFactory(username="thuky.a1"), council=a1).user

    reorganise.apply(reorganise.read(two_tier_file()), move_accounts=True)

    successor = Council.objects.get(unit__slug="a-moi")
    open_petition.refresh_from_db()
    assert open_petition.council == successor and open_petition.reception == reception  # traceable
    open_petition.full_clean()  # the reception of the council it came from is still accepted
    closed_petition.refresh_from_db()
    assert closed_petition.council == a1
    open_item.refresh_from_db()
    assert open_item.council == successor and open_item.oversight == source
    moved = AuditEntry.objects.filter(object_id=str(open_petition.pk), content_type__model="petition").first()
    assert moved.changes["council_id"] == [str(a1.pk), str(successor.pk)]
    assert Membership.objects.get(user=clerk).council == successor
