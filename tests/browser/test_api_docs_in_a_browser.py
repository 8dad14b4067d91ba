"""The API documentation renders in a real browser, from this server alone: no request leaves
the machine (the stock Redoc page fetched Google's fonts)."""

from tests.browser.conftest import PHONE


def test_swagger_ui_renders_the_document_from_this_server_alone(
    transactional_db, new_page, outside_requests
):
    page = new_page()
    page.goto("/api/v1/docs")
    page.wait_for_selector(".opblock-summary", timeout=20_000)
    text = page.locator("#swagger-ui").inner_text()
    assert "Dienst-DNA API" in text
    assert "/mij/vandaag" in text and "De sessie van vandaag" in text
    assert outside_requests == []


def test_redoc_renders_the_document_from_this_server_alone(
    transactional_db, new_page, outside_requests
):
    page = new_page()
    page.goto("/api/v1/redoc")
    page.wait_for_selector("h1", timeout=20_000)
    page.wait_for_function("document.body.innerText.includes('De sessie van vandaag')")
    assert "Dienst-DNA API" in page.locator("h1").first.inner_text()
    assert outside_requests == []


def test_the_front_page_works_on_a_phone(transactional_db, new_page, outside_requests):
    page = new_page(viewport=PHONE)
    page.goto("/")
    assert page.locator("h1").inner_text() == "Dienst-DNA"
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.click("text=API-documentatie")
    page.wait_for_selector(".opblock-summary", timeout=20_000)
    assert outside_requests == []
