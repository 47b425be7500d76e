"""What a logged-in user is shown is never kept by a cache (hdnd.middleware.PrivateResponsesMiddleware)."""

from django.urls import reverse


def cache_directives(response) -> set[str]:
    return {directive.strip() for directive in response.get("Cache-Control", "").split(",") if directive.strip()}


def test_a_data_page_is_private_and_not_stored(client, reviewer, district):
    client.force_login(reviewer)
    response = client.get(reverse("council_home", args=["huong-son"]))
    assert response.status_code == 200
    assert {"private", "no-store"} <= cache_directives(response)


def test_an_export_is_private_and_not_stored(client, reviewer, demo_2023):
    client.force_login(reviewer)
    response = client.get(
        reverse("record_list", args=["ky-hop"]), {"cap_duoi": demo_2023.pk, "nam": 2023, "xuat": "csv"}
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "Phố Châu" in response.content.decode("utf-8-sig")
    assert {"private", "no-store"} <= cache_directives(response)


def test_the_admin_is_private_and_not_stored(client, clerk):
    client.force_login(clerk)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 200
    assert {"private", "no-store"} <= cache_directives(response)


def test_static_files_keep_their_own_caching_for_a_logged_in_user(client, clerk, settings):
    settings.WHITENOISE_USE_FINDERS = True  # served from static/, as with DEBUG on: no collectstatic in the tests
    client.force_login(clerk)
    response = client.get("/static/css/hdnd.css")
    assert response.status_code == 200
    directives = cache_directives(response)
    assert "no-store" not in directives
    assert "public" in directives
