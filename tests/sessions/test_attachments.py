"""Attachments: PDF by content, size limit, random stored name, served only to readers of the council."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from sessions.models import Resolution
from tests.factories import ResolutionFactory, SessionFactory

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def upload(name="nghi-quyet-15.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


@pytest.fixture
def pho_chau_resolution(pho_chau):
    return ResolutionFactory(session=SessionFactory(council=pho_chau, ordinal=12), code="15/NQ-HĐND")


def change_url(resolution):
    return reverse("admin:council_sessions_resolution_change", args=[resolution.pk])


def form_data(resolution, **extra):
    return {
        "session": resolution.session_id,
        "code": resolution.code,
        "adopted_on": resolution.adopted_on.strftime("%d/%m/%Y"),
        "summary": resolution.summary,
        "field": resolution.field,
        "kind": resolution.kind,
        **extra,
    }


def test_clerk_attaches_a_pdf_stored_under_a_random_name(client, clerk, pho_chau_resolution):
    client.force_login(clerk)

    response = client.post(change_url(pho_chau_resolution), form_data(pho_chau_resolution, signed_pdf=upload()))

    assert response.status_code == 302, response.context["adminform"].form.errors
    pho_chau_resolution.refresh_from_db()
    assert re.fullmatch(r"attachments/[0-9a-f]{32}\.pdf", pho_chau_resolution.signed_pdf.name)
    assert "nghi-quyet" not in pho_chau_resolution.signed_pdf.name
    assert pho_chau_resolution.signed_pdf.url == f"/tep/{pho_chau_resolution.signed_pdf.name}"


def test_a_file_that_is_not_a_pdf_is_refused_whatever_its_name(client, clerk, pho_chau_resolution):
    client.force_login(clerk)

    fake = upload("bien-ban.pdf", b"PK\x03\x04 this is a Word file")
    response = client.post(change_url(pho_chau_resolution), form_data(pho_chau_resolution, signed_pdf=fake))

    assert response.context["adminform"].form.errors["signed_pdf"] == [
        "Tệp “bien-ban.pdf” không phải tệp PDF. Hãy đính kèm bản PDF (bản scan có chữ ký, dấu)."
    ]
    pho_chau_resolution.refresh_from_db()
    assert not pho_chau_resolution.signed_pdf


def test_a_file_over_the_size_limit_is_refused(client, clerk, pho_chau_resolution, settings):
    settings.ATTACHMENT_MAX_MB = 1
    client.force_login(clerk)

    big = upload("lon.pdf", PDF + b"0" * (1024 * 1024))
    response = client.post(change_url(pho_chau_resolution), form_data(pho_chau_resolution, signed_pdf=big))

    assert response.context["adminform"].form.errors["signed_pdf"] == ["Tệp “lon.pdf” quá lớn (1.0 MB); tối đa 1 MB."]


@pytest.fixture
def attached(client, clerk, pho_chau_resolution):
    client.force_login(clerk)
    client.post(change_url(pho_chau_resolution), form_data(pho_chau_resolution, signed_pdf=upload()))
    client.logout()
    pho_chau_resolution.refresh_from_db()
    return pho_chau_resolution.signed_pdf.url


@pytest.mark.parametrize(("who", "status"), [("clerk", 200), ("reviewer", 200), ("other_clerk", 404)])
def test_attachment_served_only_to_readers_of_the_council(client, request, attached, who, status):
    client.force_login(request.getfixturevalue(who))
    response = client.get(attached)
    assert response.status_code == status
    if status == 200:
        assert response["Content-Type"] == "application/pdf"
        assert b"".join(response.streaming_content) == PDF


def test_attachment_needs_a_login(client, attached):
    assert client.get(attached).status_code == 302


def test_unknown_attachment_is_404(client, clerk):
    client.force_login(clerk)
    assert client.get("/tep/attachments/0123456789abcdef0123456789abcdef.pdf").status_code == 404


def test_clerk_cannot_attach_to_another_councils_record(client, other_clerk, pho_chau_resolution):
    client.force_login(other_clerk)

    response = client.post(change_url(pho_chau_resolution), form_data(pho_chau_resolution, signed_pdf=upload()))

    assert response.status_code == 404
    assert not Resolution.objects.get(pk=pho_chau_resolution.pk).signed_pdf


def test_a_pdf_chosen_on_a_failed_form_is_kept_and_saved_with_the_corrected_form(client, clerk, pho_chau_resolution):
    """Attachments once vanished, silently, after any validation error."""
    client.force_login(clerk)
    wrong = form_data(pho_chau_resolution, adopted_on="31/02/2023", signed_pdf=upload("nghi-quyet-15-ban-ky.pdf"))

    failed = client.post(change_url(pho_chau_resolution), wrong)

    page = failed.content.decode()
    assert failed.status_code == 200
    assert "Đã giữ tệp “nghi-quyet-15-ban-ky.pdf”: tệp sẽ được lưu khi biểu mẫu được lưu" in page
    token = re.search(r'name="signed_pdf__kept" value="([^"]+)"', page)[1]
    pho_chau_resolution.refresh_from_db()
    assert not pho_chau_resolution.signed_pdf

    fixed = client.post(change_url(pho_chau_resolution), form_data(pho_chau_resolution, signed_pdf__kept=token))

    assert fixed.status_code == 302
    pho_chau_resolution.refresh_from_db()
    assert re.fullmatch(r"attachments/[0-9a-f]{32}\.pdf", pho_chau_resolution.signed_pdf.name)
    assert pho_chau_resolution.signed_pdf.read() == PDF


def test_a_kept_file_token_that_was_not_signed_here_is_ignored(client, clerk, pho_chau_resolution):
    client.force_login(clerk)
    forged = form_data(pho_chau_resolution, signed_pdf__kept="kept/../../settings.py:forged")
    assert client.post(change_url(pho_chau_resolution), forged).status_code == 302
    pho_chau_resolution.refresh_from_db()
    assert not pho_chau_resolution.signed_pdf
