"""The API's interactive docs on the running demo, in headless Chromium: Swagger UI from
the installation's own static files, nothing fetched from another site, nothing the
Content-Security-Policy refuses."""

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

pytestmark = pytest.mark.browser


def test_the_api_docs_show_every_people_endpoint_from_local_files(demo_server, browser):
    browser.get(f"{demo_server['url']}/api/v1/docs")

    WebDriverWait(browser, 20).until(
        lambda b: b.find_elements(By.CSS_SELECTOR, ".opblock-summary-path")
    )
    paths = {e.text for e in browser.find_elements(By.CSS_SELECTOR, ".opblock-summary-path")}
    assert {
        "/api/v1/people",
        "/api/v1/people/{person_id}",
        "/api/v1/people/{person_id}/records",
    } <= paths
    fetched = browser.execute_script(
        "return performance.getEntriesByType('resource').map(e => e.name)"
    )
    assert fetched and all(url.startswith(demo_server["url"] + "/") for url in fetched), fetched
    # Under the installation's Content-Security-Policy (no inline script or style): the
    # console would say so if the policy had refused anything the page needs.
    refused = [
        entry["message"]
        for entry in browser.get_log("browser")
        if "Content Security Policy" in entry["message"]
    ]
    assert refused == []
