"""Under the strict Content-Security-Policy the pages still work: the medicine lookup,
the extra medicine line, the charts and the API description. (Every browser test fails
on a CSP violation reported in the console: see the ``page`` fixture.)"""

import re

from playwright.sync_api import expect


def test_the_api_docs_render_from_bundled_files_under_the_policy(server, page, sign_up):
    sign_up(page, server, f"apidocs-{page.viewport_size['width']}")
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(server + "/api/docs")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("Krampe API")
    expect(page.get_by_text("/api/medicines")).to_be_visible()
    assert all(url.startswith(server) or url.startswith("data:") for url in requests), requests


def test_the_csp_header_reaches_the_browser(server, page):
    response = page.goto(server + "/login/")
    assert response is not None
    header = response.headers["content-security-policy"]
    assert re.search(r"script-src 'self'(;|$)", header)
    assert "unsafe" not in header
