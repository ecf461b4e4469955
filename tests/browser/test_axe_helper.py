import pytest


def test_the_accessibility_check_can_fail(browser, axe):
    context = browser.new_context()
    page = context.new_page()
    page.set_content('<html lang="en"><body><main><input type="text"></main></body></html>')
    with pytest.raises(AssertionError, match="label"):
        axe(page)
    context.close()
