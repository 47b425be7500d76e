"""Oversight figures on the demo data, constant queries, and who sees what in the admin."""

import datetime

import pytest
from django.urls import reverse

from councils.records import save_record
from oversight.models import FollowUpItem, OversightActivity, Petition, VoterMeeting, VoterOpinion

D = datetime.date


# --- admin: tenancy, personal data, inline entry --------------------------------------------------


def url(name, *args):
    return reverse(f"admin:oversight_{name}", args=args)


@pytest.fixture
def son_tay_records(son_tay):
    activity = save_record(
        OversightActivity(
            council=son_tay,
            actor="THUONG_TRUC",
            form="CHUYEN_DE",
            subject="Hòa giải ở cơ sở",
            bodies_overseen="UBND xã",
            start_date=D(2023, 5, 10),
        )
    )
    meeting = save_record(
        VoterMeeting(council=son_tay, deputy_level="DBQH", timing="TRUOC", date=D(2023, 4, 20), place="Nhà văn hóa")
    )
    petition = save_record(
        Petition(
            council=son_tay,
            type="KHIEU_NAI",
            received_on=D(2023, 3, 1),
            sender_name="Phan Văn Bí Mật",
            sender_address="Thôn 3, xã Sơn Tây",
            subject="Tranh chấp ranh giới đất",
        )
    )
    return {"oversightactivity": activity, "votermeeting": meeting, "petition": petition}


@pytest.mark.parametrize("model", ["oversightactivity", "votermeeting", "petition"])
def test_clerk_cannot_see_or_edit_another_communes_records(client, clerk, son_tay_records, model):
    client.force_login(clerk)
    record = son_tay_records[model]

    assert client.get(url(f"{model}_change", record.pk)).status_code == 404
    assert client.post(url(f"{model}_change", record.pk), {}).status_code == 404
    assert list(client.get(url(f"{model}_changelist")).context["cl"].result_list) == []


@pytest.mark.parametrize("model", ["oversightactivity", "votermeeting", "petition"])
def test_the_communes_own_clerk_sees_them(client, other_clerk, son_tay_records, model):
    client.force_login(other_clerk)
    assert client.get(url(f"{model}_change", son_tay_records[model].pk)).status_code == 200


def test_petition_sender_is_visible_only_to_the_councils_own_people(client, other_clerk, reviewer, son_tay_records):
    petition = son_tay_records["petition"]

    client.force_login(other_clerk)
    own = client.get(url("petition_change", petition.pk)).content.decode()
    own_list = client.get(url("petition_changelist")).content.decode()
    assert "Phan Văn Bí Mật" in own and "Thôn 3, xã Sơn Tây" in own and "Phan Văn Bí Mật" in own_list

    client.force_login(reviewer)
    district_view = client.get(url("petition_change", petition.pk))
    district_list = client.get(url("petition_changelist"))
    assert district_view.status_code == 200
    assert "Phan Văn Bí Mật" not in district_view.content.decode()
    assert "Thôn 3, xã Sơn Tây" not in district_view.content.decode()
    assert "Phan Văn Bí Mật" not in district_list.content.decode()
    assert "Tranh chấp ranh giới đất" in district_list.content.decode()


def test_petition_history_shows_the_sender_only_to_the_councils_own_people(
    client, other_clerk, reviewer, son_tay_records
):
    """The history page lists every audited value of every version: the sender's name, address and
    phone are among them, for the council's own people only (Luật Tố cáo 2018, as on the petition's
    own page); the district reads the rest of the history."""
    petition = son_tay_records["petition"]
    petition.sender_phone = "0912 345 678"
    save_record(petition, user=other_clerk)
    history = url("petition_history", petition.pk)

    client.force_login(other_clerk)
    own = client.get(history).content.decode()
    assert "Phan Văn Bí Mật" in own and "Thôn 3, xã Sơn Tây" in own and "0912 345 678" in own

    client.force_login(reviewer)
    district = client.get(history)
    assert district.status_code == 200
    text = district.content.decode()
    assert "Tranh chấp ranh giới đất" in text
    assert "Phan Văn Bí Mật" not in text and "Thôn 3, xã Sơn Tây" not in text and "0912 345 678" not in text
    assert not {"sender_name", "sender_address", "sender_phone"} & {
        name for version in district.context["versions"] for name in version.values
    }


def test_petition_page_shows_its_due_date_and_how_it_was_computed(client, other_clerk, son_tay_records):
    client.force_login(other_clerk)
    page = client.get(url("petition_change", son_tay_records["petition"].pk)).content.decode()
    assert "Kể từ ngày nhận đơn 01/03/2023 + 10 ngày" in page and "Luật Khiếu nại số 02/2011/QH13" in page


def meeting_post(council, *opinions: dict, **meeting) -> dict:
    """A new voter meeting's page posted with its opinion rows (each row's fields by name)."""
    data = {
        "council": council.pk,
        "deputy_level": "DBQH",
        "timing": "TRUOC",
        "date": "20/04/2023",
        "mode": "TRUC_TIEP",
        "place": "Nhà văn hóa khối 7",
        "voters_attending": 120,
        **meeting,
        "opinions-TOTAL_FORMS": len(opinions),
        "opinions-INITIAL_FORMS": 0,
    }
    for index, row in enumerate(opinions):
        data |= {f"opinions-{index}-{name}": value for name, value in row.items()}
    return data


RECOMMENDATION = {"content": "Đề nghị sửa đường", "kind": "KIEN_NGHI", "field": "DAU_TU", "competent_level": "HUYEN"}


def test_opinions_entered_inline_on_a_voter_meeting(client, clerk, pho_chau):
    client.force_login(clerk)
    opinion = {"content": "Đồng tình kết quả kỳ họp", "kind": "Y_KIEN", "field": "KHAC", "competent_level": "XA"}
    data = meeting_post(pho_chau, RECOMMENDATION, opinion)

    response = client.post(url("votermeeting_add"), data)

    assert response.status_code == 302, response.context["errors"]
    assert VoterOpinion.objects.count() == 2
    assert FollowUpItem.objects.get().content == "Đề nghị sửa đường"


def test_an_opinion_forwarded_before_a_new_meeting_is_refused(client, clerk, pho_chau):
    """On a new meeting's page the rule "forwarded on or after the meeting" was skipped (the meeting
    had no id yet): 15/04 was saved for a meeting of 20/04, which the same page refused on edit."""
    client.force_login(clerk)
    forwarded_early = {"competent_level": "XA", "forwarded_to": "UBND thị trấn", "forwarded_on": "15/04/2023"}
    data = meeting_post(pho_chau, RECOMMENDATION | forwarded_early, deputy_level="HDND_XA", timing="NOI_CU_TRU")
    response = client.post(url("votermeeting_add"), data)
    assert response.status_code == 200
    assert "Ngày chuyển không được trước ngày tiếp xúc (20/04/2023)." in response.content.decode()
    assert not VoterMeeting.objects.exists() and not VoterOpinion.objects.exists()


def test_recommendations_entered_inline_on_an_oversight_activity(client, clerk, pho_chau):
    client.force_login(clerk)
    data = {
        "council": pho_chau.pk,
        "actor": "THUONG_TRUC",
        "form": "CHUYEN_DE",
        "subject": "Hòa giải ở cơ sở",
        "bodies_overseen": "UBND thị trấn",
        "start_date": "10/05/2023",
        "report_date": "20/05/2023",
        "recommendations-TOTAL_FORMS": 1,
        "recommendations-INITIAL_FORMS": 0,
        "recommendations-0-content": "Kiện toàn tổ hòa giải",
        "recommendations-0-addressee": "UBND thị trấn",
        "recommendations-0-due_date": "31/08/2023",
        "recommendations-0-status": "MOI",
    }

    response = client.post(url("oversightactivity_add"), data)

    assert response.status_code == 302, response.context["errors"]
    item = FollowUpItem.objects.get()
    assert (item.source, item.council, item.created_on) == ("OVERSIGHT", pho_chau, D(2023, 5, 20))


def test_oversight_search_is_accent_insensitive(client, other_clerk, son_tay_records):
    client.force_login(other_clerk)
    response = client.get(url("oversightactivity_changelist"), {"q": "hoa giai"})
    assert [a.subject for a in response.context["cl"].result_list] == ["Hòa giải ở cơ sở"]


def test_register_item_page_shows_its_due_date_and_where_it_came_from(client, other_clerk, son_tay_records):
    item = save_record(
        FollowUpItem(
            oversight=son_tay_records["oversightactivity"],
            content="Kiện toàn tổ hòa giải",
            addressee="UBND xã",
            due_date=D(2023, 8, 31),
        )
    )
    client.force_login(other_clerk)
    page = client.get(url("followupitem_change", item.pk)).content.decode()
    assert "Hạn 31/08/2023 do nguồn kiến nghị, cam kết ấn định (Kiến nghị qua giám sát, khảo sát)." in page


def test_petitions_entered_inline_on_a_citizen_reception_belong_to_its_council(client, clerk, pho_chau):
    """A petition row on the reception page used to give a 500: the petition got no council."""
    client.force_login(clerk)
    data = {
        "council": pho_chau.pk,
        "date": "15/03/2023",
        "receiver": "Chủ tịch HĐND",
        "place": "Trụ sở HĐND",
        "citizens": 2,
        "content": "Tranh chấp đất đai",
        "petitions-TOTAL_FORMS": 1,
        "petitions-INITIAL_FORMS": 0,
        "petitions-0-type": "KHIEU_NAI",
        "petitions-0-received_on": "15/03/2023",
        "petitions-0-sender_name": "Nguyễn Văn An",
        "petitions-0-subject": "Khiếu nại việc cấp giấy chứng nhận quyền sử dụng đất",
    }

    response = client.post(reverse("admin:oversight_citizenreception_add"), data)

    assert response.status_code == 302
    petition = Petition.objects.get()
    assert (petition.council, petition.reception.council) == (pho_chau, pho_chau)

    change = reverse("admin:oversight_citizenreception_change", args=[petition.reception.pk])
    data |= {"petitions-INITIAL_FORMS": 1, "petitions-0-id": petition.pk}
    data |= {"petitions-0-reception": petition.reception.pk}
    data |= {"petitions-0-subject": "Khiếu nại (bổ sung hồ sơ)"}
    assert client.post(change, data).status_code == 302
    assert Petition.objects.get().subject == "Khiếu nại (bổ sung hồ sơ)"


def test_the_session_a_voter_meeting_follows_is_chosen_by_council(client, clerk, pho_chau, district):
    """Once a mixed list of "Kỳ họp thứ 11 (08/06/2023)", the district's and the commune's alike."""
    from tests.factories import SessionFactory

    SessionFactory(council=pho_chau, ordinal=8, start_date=D(2023, 6, 8))
    SessionFactory(council=district, ordinal=11, start_date=D(2023, 6, 8))
    client.force_login(clerk)

    field = client.get(url("votermeeting_add")).context["adminform"].form.fields["session"]
    groups = [(group, [label for _value, label in options]) for group, options in list(field.choices)[1:]]

    assert groups == [
        ("HĐND huyện Hương Sơn", ["Kỳ họp thứ 11 (08/06/2023)"]),
        ("HĐND thị trấn Phố Châu", ["Kỳ họp thứ 8 (08/06/2023)"]),
    ]


PDF = b"%PDF-1.4\n% the answer\n%%EOF\n"


def test_an_opinions_answer_is_entered_with_its_document(client, clerk, pho_chau):
    """The opinions inline had the answer's day and text but not its document, which the
    follow-up register then lacked."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(clerk)
    answered = {
        "forwarded_to": "UBND huyện",
        "forwarded_on": "25/04/2023",
        "answered_on": "20/05/2023",
        "answer_text": "Đã bố trí vốn",
        "answer_document": SimpleUploadedFile("tra-loi.pdf", PDF, "application/pdf"),
    }
    data = meeting_post(pho_chau, RECOMMENDATION | answered, timing="CHUYEN_DE")

    response = client.post(url("votermeeting_add"), data)

    assert response.status_code == 302, response.context["errors"]
    opinion = VoterOpinion.objects.get()
    assert opinion.answer_document.read() == PDF
    item = FollowUpItem.objects.get(opinion=opinion)
    assert (item.status, item.response_document.name) == ("DA", opinion.answer_document.name)


def test_a_recommendations_answer_is_entered_with_its_document(client, clerk, pho_chau):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(clerk)
    data = {
        "council": pho_chau.pk,
        "actor": "THUONG_TRUC",
        "form": "CHUYEN_DE",
        "subject": "Hòa giải ở cơ sở",
        "bodies_overseen": "UBND thị trấn",
        "start_date": "10/05/2023",
        "recommendations-TOTAL_FORMS": 1,
        "recommendations-INITIAL_FORMS": 0,
        "recommendations-0-content": "Kiện toàn tổ hòa giải",
        "recommendations-0-addressee": "UBND thị trấn",
        "recommendations-0-status": "DA",
        "recommendations-0-response_text": "Đã kiện toàn",
        "recommendations-0-response_date": "20/06/2023",
        "recommendations-0-response_document": SimpleUploadedFile("tra-loi.pdf", PDF, "application/pdf"),
    }

    response = client.post(url("oversightactivity_add"), data)

    assert response.status_code == 302, response.context["errors"]
    assert FollowUpItem.objects.get().response_document.read() == PDF


@pytest.mark.parametrize("model", ["votermeeting", "oversightactivity", "citizenreception", "question"])
def test_rows_entered_on_a_records_page_are_blocks_that_fit_a_phone(client, clerk, model):
    """As a table, the petitions on a reception's page showed two of their four columns on a
    phone; every inline a clerk fills is a stacked block whose fields wrap."""
    from django.contrib.admin import StackedInline

    client.force_login(clerk)
    app = "council_sessions" if model == "question" else "oversight"
    inlines = client.get(reverse(f"admin:{app}_{model}_add")).context["inline_admin_formsets"]
    assert inlines and all(isinstance(inline.opts, StackedInline) for inline in inlines)


def test_a_commune_clerk_is_offered_only_the_committees_a_commune_council_has(client, clerk):
    client.force_login(clerk)
    form = client.get(url("oversightactivity_add")).context["adminform"].form
    offered = form.fields["committee"].queryset
    assert offered.exists() and set(offered.values_list("level", flat=True)) == {"XA"}


def test_a_petition_entered_on_a_reception_came_through_the_reception(client, clerk, pho_chau):
    """Petitions typed on a citizen reception's page were stored as "Nộp trực tiếp" (the channel's
    default: the page has no channel box), so the figures of petitions by channel were wrong."""
    client.force_login(clerk)
    data = {
        "council": pho_chau.pk,
        "date": "15/03/2023",
        "receiver": "Chủ tịch HĐND thị trấn",
        "place": "Trụ sở",
        "citizens": 1,
        "petitions-TOTAL_FORMS": 1,
        "petitions-INITIAL_FORMS": 0,
        "petitions-0-type": "KIEN_NGHI",
        "petitions-0-received_on": "15/03/2023",
        "petitions-0-sender_name": "Nguyễn Văn A",
        "petitions-0-subject": "Đường liên thôn",
    }
    response = client.post(url("citizenreception_add"), data)
    assert response.status_code == 302, response.context["errors"]
    assert Petition.objects.get().channel == Petition.Channel.CITIZEN_RECEPTION
