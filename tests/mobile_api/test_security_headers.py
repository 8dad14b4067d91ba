"""Issue 8.1: with Referrer-Policy: no-referrer a browser sends "Origin: null" with the admin's
form posts, which Django's CSRF check refuses. HTML pages say same-origin; the API keeps
no-referrer. (tests/browser signs in from a real Chromium.)"""

from django.test import Client


def test_html_pages_keep_same_origin_form_posts_working(db):
    for path in ("/", "/admin/login/"):
        assert Client().get(path)["Referrer-Policy"] == "same-origin"


def test_the_api_sends_no_referrer(employee_client):
    for path in ("/api/v1/mij", "/api/v1/openapi.json", "/api/v1/bestaat-niet"):
        assert employee_client.get(path)["Referrer-Policy"] == "no-referrer"


def test_a_form_post_with_a_same_origin_origin_header_passes_the_csrf_check(org_admin):
    from tests.factories import PASSWORD

    client = Client(enforce_csrf_checks=True)
    page = client.get("/admin/login/")
    token = page.cookies["csrftoken"].value
    response = client.post(
        "/admin/login/",
        {"username": org_admin.user.username, "password": PASSWORD, "csrfmiddlewaretoken": token},
        HTTP_ORIGIN="http://testserver",
    )
    assert response.status_code == 302
