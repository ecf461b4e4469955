"""Error pages in the site's layout, in Danish and English; the 500 page needs no request."""

import pytest
from django.conf import settings
from django.template import loader
from django.test import Client, override_settings
from django.utils import translation

PAGES = {
    "404": ("Siden findes ikke", "Page not found"),
    "403": ("Ingen adgang", "No access"),
    "403_csrf": ("Formularen kunne ikke sendes", "The form could not be sent"),
    "500": ("Der gik noget galt", "Something went wrong"),
    "400": ("Forespørgslen kunne ikke forstås", "The request could not be understood"),
    "429": ("Vent lidt", "Please wait a little"),
}
LANGS = [("da", 0), ("en", 1)]


def ask(client, page):
    if page == "404":
        return client.get("/no-such-page/")
    if page == "403":
        return client.get("/test-403/")
    if page == "500":
        return client.get("/test-500/")
    if page == "400":
        return client.get("/", HTTP_HOST="not-an-allowed-host.example")
    if page == "429":
        with override_settings(RATE_LIMITS={**settings.RATE_LIMITS, "signup": (1, 3600)}):
            client.post("/signup/", {"username": ""})
            return client.post("/signup/", {"username": ""})
    strict = Client(enforce_csrf_checks=True)
    strict.cookies = client.cookies
    return strict.post("/login/", {"username": "mette", "password": "whatever-it-is"})


@pytest.mark.urls("_error_urls")
@pytest.mark.django_db
@pytest.mark.parametrize(("lang", "index"), LANGS)
@pytest.mark.parametrize("page", list(PAGES))
def test_each_error_page_in_the_sites_layout_and_language(client, page, lang, index):
    client.raise_request_exception = False
    client.cookies["django_language"] = lang
    response = ask(client, page)
    assert response.status_code == int(page[:3])
    body = response.content.decode()
    assert f'<html lang="{lang}">' in body
    assert f"<h1>{PAGES[page][index]}</h1>" in body
    assert f"<title>{PAGES[page][index]} · Krampe</title>" in body
    assert '<header class="site">' in body and '<main id="main">' in body
    assert ("Gå til forsiden", "Go to the front page")[index] in body
    for other in PAGES.values():
        assert other[1 - index] not in body  # nothing in the other language
    assert "a failure on purpose" not in body and "Traceback" not in body


@pytest.mark.django_db
def test_the_csrf_page_says_nothing_was_saved(client):
    body = ask(client, "403_csrf").content.decode()
    assert "Intet er gemt." in body
    assert "genindlæs siden" in body


@pytest.mark.parametrize(("lang", "index"), LANGS)
def test_the_500_page_renders_without_a_request_or_a_database(lang, index):
    # No django_db mark: any query fails the test. Django renders 500.html so,
    # without a request or context, when something has already gone wrong.
    with translation.override(lang):
        body = loader.get_template("500.html").render()
    assert f"<h1>{PAGES['500'][index]}</h1>" in body
    assert '<a class="brand" href="/">Krampe</a>' in body
    # No menu, log-in link or language form: they would need a login or a CSRF token.
    assert "<nav" not in body and 'action="/language/"' not in body
