"""Tenancy: who sees and changes which council, in views, admin and forms."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse

from councils import access
from councils.models import Membership, Term

PHO_CHAU, SON_TAY, HUONG_SON, HA_TINH = "pho-chau", "son-tay", "huong-son", "ha-tinh"


@pytest.mark.parametrize(
    ("who", "slug", "status"),
    [
        ("clerk", PHO_CHAU, 200),
        ("clerk", SON_TAY, 404),
        ("clerk", HUONG_SON, 404),
        ("other_clerk", PHO_CHAU, 404),
        ("other_clerk", SON_TAY, 200),
        ("reviewer", HUONG_SON, 200),
        ("reviewer", PHO_CHAU, 200),
        ("reviewer", SON_TAY, 200),
        ("reviewer", HA_TINH, 404),
        ("viewer", SON_TAY, 200),
        ("viewer", HA_TINH, 404),
    ],
)
def test_council_home_by_role(client, db, request, who, slug, status):
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("council_home", args=[slug])).status_code == status


def test_anonymous_is_sent_to_the_login_page(client, district):
    response = client.get(reverse("council_home", args=[PHO_CHAU]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_login_page_is_vietnamese(client, db):
    page = client.get(reverse("login")).content.decode()
    assert 'lang="vi"' in page
    assert "Đăng nhập" in page and "Tên đăng nhập" in page and "Mật khẩu" in page


def test_home_sends_a_clerk_to_their_council(client, clerk):
    client.force_login(clerk)
    assert client.get(reverse("home")).url == reverse("council_home", args=[PHO_CHAU])


def test_reviewer_home_lists_the_25_communes(client, reviewer):
    client.force_login(reviewer)
    response = client.get(reverse("council_home", args=[HUONG_SON]))
    assert len(response.context["subcouncils"]) == 25
    assert response.context["can_edit"] is True


def test_capabilities_are_properties_of_the_role():
    clerk = Membership(role=Membership.Role.CLERK)
    reviewer = Membership(role=Membership.Role.REVIEWER)
    viewer = Membership(role=Membership.Role.VIEWER)
    assert (clerk.can_edit, clerk.can_read_subunits, clerk.can_review_subunits) == (True, False, False)
    assert (reviewer.can_edit, reviewer.can_read_subunits, reviewer.can_review_subunits) == (True, True, True)
    assert (viewer.can_edit, viewer.can_read_subunits, viewer.can_review_subunits) == (False, True, False)


def test_reviewer_role_is_refused_on_a_commune(pho_chau):
    from django.core.exceptions import ValidationError

    from tests.factories import UserFactory

    membership = Membership(user=UserFactory(), council=pho_chau, role=Membership.Role.REVIEWER)
    with pytest.raises(ValidationError) as error:
        membership.full_clean()
    assert error.value.message_dict["role"] == ["Vai trò duyệt số liệu chỉ dành cho Hội đồng cấp huyện trở lên."]


def test_edit_helper_gives_404_to_outsiders_and_403_to_readers(clerk, reviewer, viewer):
    assert access.council_for_edit(clerk, PHO_CHAU).slug == PHO_CHAU
    with pytest.raises(Http404):
        access.council_for_edit(clerk, SON_TAY)
    with pytest.raises(PermissionDenied):
        access.council_for_edit(reviewer, PHO_CHAU)  # the district reads communes, writes its own
    with pytest.raises(PermissionDenied):
        access.council_for_edit(viewer, HUONG_SON)
    assert access.council_for_edit(reviewer, HUONG_SON).slug == HUONG_SON
    assert set(access.reviewable_councils(reviewer).values_list("unit__slug", flat=True)) >= {PHO_CHAU, SON_TAY}
    assert not access.reviewable_councils(viewer).exists()


# --- admin -------------------------------------------------------------------------------------


def admin_url(name, *args):
    return reverse(f"admin:councils_{name}", args=args)


def test_clerk_gets_404_for_another_councils_admin_pages(client, clerk, son_tay, pho_chau):
    client.force_login(clerk)
    term = son_tay.terms.get()

    assert client.get(admin_url("council_change", pho_chau.pk)).status_code == 200
    assert client.get(admin_url("council_change", son_tay.pk)).status_code == 404
    assert client.get(admin_url("term_change", term.pk)).status_code == 404
    assert client.post(admin_url("term_delete", term.pk), {"post": "yes"}).status_code == 404
    assert Term.objects.filter(pk=term.pk).exists()


def test_clerk_admin_lists_only_their_council(client, clerk):
    client.force_login(clerk)
    response = client.get(admin_url("council_changelist"))
    assert [str(c) for c in response.context["cl"].result_list] == ["HĐND thị trấn Phố Châu"]


def test_clerk_cannot_choose_another_commune_in_a_form(client, clerk, son_tay, pho_chau):
    client.force_login(clerk)

    form = client.get(admin_url("term_add")).context["adminform"].form
    assert list(form.fields["council"].queryset) == [pho_chau]

    response = client.post(admin_url("term_add"), {"council": son_tay.pk, "start_date": "01/07/2026"})
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["council"] == [
        "Lựa chọn không hợp lệ: giá trị này không có trong danh sách."
    ]
    assert son_tay.terms.count() == 1


def test_reviewer_reads_a_communes_records_but_cannot_change_them(client, reviewer, pho_chau):
    client.force_login(reviewer)
    term = pho_chau.terms.get()

    assert client.get(admin_url("term_change", term.pk)).status_code == 200  # view-only page
    response = client.post(admin_url("term_change", term.pk), {"council": pho_chau.pk, "start_date": "01/01/2022"})
    assert response.status_code == 403
    term.refresh_from_db()
    assert term.start_date.year == 2021


def test_people_without_a_council_cannot_enter_the_admin(client, db):
    from tests.factories import UserFactory

    client.force_login(UserFactory())
    assert client.get(reverse("admin:index")).status_code == 302


def test_admin_index_is_vietnamese(client, clerk):
    client.force_login(clerk)
    page = client.get(reverse("admin:index")).content.decode()
    assert "Hồ sơ Hội đồng nhân dân" in page
    assert "Đăng xuất" in page or "Thoát" in page


def test_a_signed_report_with_the_communes_is_read_by_those_who_read_the_communes(client, reviewer, district):
    """The district's signed report speaks for its communes (Phụ lục I lists each): its clerk, who
    does not read the communes (the live report leaves them out for them), does not get it."""
    from reports.models import ReportVersion
    from tests.factories import MembershipFactory, UserFactory

    ReportVersion.objects.create(
        council=district, year=2023, version=1, pdf=b"%PDF-1.4", figures={}, sha256="0" * 64, signed_by=reviewer
    )
    district_clerk = MembershipFactory(user=UserFactory(username="thuky.huongson"), council=district).user
    version = reverse("annual_report_version", args=[HUONG_SON, 2023, 1])

    client.force_login(reviewer)
    assert client.get(version).status_code == 200
    client.force_login(district_clerk)
    assert client.get(version).status_code == 403


@pytest.mark.parametrize("ordinal", ["100000000000", "99999999999999999999999"])
def test_a_terms_number_typed_far_too_large_is_an_error_not_a_page_of_ms(client, clerk, pho_chau, ordinal):
    """The refused form names the term by its number: in Roman numerals that was one "M" per
    thousand (a 300 MB page for 100000000000, a 500 further up)."""
    from councils.text import roman

    client.force_login(clerk)
    term = pho_chau.terms.get()
    data = {"council": pho_chau.pk, "ordinal": ordinal, "start_date": "25/06/2021", "election_date": "23/05/2021"}
    response = client.post(admin_url("term_change", term.pk), data)
    assert response.status_code == 200 and len(response.content) < 100_000
    assert response.context["adminform"].form.errors["ordinal"] == ["Giá trị phải nhỏ hơn hoặc bằng 99."]
    assert (roman(20), roman(4000), roman(0)) == ("XX", "4000", "0")
