"""The rights desk in the real demo, in headless Chromium: a resident files a request on
the public form; the clerk finds it on the requests page, confirms the match and the
identity check, builds the response pack (the demo's worker gathers it), downloads the
zip (a PDF, the same data as JSON and CSV) and closes the request; the letter templates
page previews a reworded letter. Every page is checked with axe at both widths.
"""

import io
import re
import time
import urllib.request
import zipfile

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from .conftest import sign_in as staff_sign_in
from .test_workspace_in_chromium import check_page, click_and_wait, main_text, wait_for_url

pytestmark = pytest.mark.browser

ORG = "ashbrook"
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


def sign_in(browser, server) -> None:
    """The clerk signs in afresh to the organisation's dashboard: password, then the
    second factor (set up at the first sign-in, a code afterwards; conftest.sign_in)."""
    browser.delete_all_cookies()
    browser.get(f"{server['url']}/staff/{ORG}/")
    wait_for_url(browser, r"/staff/sign-in\?next=")
    staff_sign_in(browser, server, server["username"], server["password"])
    wait_for_url(browser, rf"/staff/{ORG}/$")


def a_resident_with_an_email(browser, server) -> tuple[str, str]:
    """The name and email address of a resident the demo holds (read as the clerk)."""
    browser.get(f"{server['url']}/staff/{ORG}/people/?q=a")
    wait_for_url(browser, r"q=a")
    links = [a.get_attribute("href") for a in browser.find_elements(By.CSS_SELECTOR, ".results a")]
    for href in links:
        browser.get(href)
        wait_for_url(browser, r"/people/\d+/$")
        found = EMAIL.search(main_text(browser))
        if found:
            return browser.find_element(By.TAG_NAME, "h1").text, found[0]
    raise AssertionError("no demo resident with an email address")


def test_a_resident_files_a_request_and_the_clerk_confirms_the_match(demo_server, browser):
    url = demo_server["url"]
    sign_in(browser, demo_server)
    name, email = a_resident_with_an_email(browser, demo_server)

    # The resident, not signed in, files a request on the public form.
    browser.delete_all_cookies()
    browser.get(f"{url}/o/{ORG}/request")
    wait_for_url(browser, rf"/o/{ORG}/request$")
    page = main_text(browser)
    assert "will not ask for photo ID" in page and "We will answer within one month" in page
    check_page(browser, "rights-public-request")
    # First without a way to reply: the form says what is missing and stores nothing.
    browser.find_element(By.ID, "id_kind_0").click()
    browser.find_element(By.ID, "id_name").send_keys(name)
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "form button"), r"/request$")
    assert "There is a problem" in main_text(browser)
    assert "give at least one way to reply" in main_text(browser)
    check_page(browser, "rights-public-request-error")
    browser.find_element(By.ID, "id_email").send_keys(email.upper())
    browser.find_element(By.ID, "id_details").send_keys("Please send me what you hold about me.")
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "form button"), r"/thanks$")
    thanks = main_text(browser)
    reference = browser.find_element(By.CSS_SELECTOR, ".reference").text
    assert re.fullmatch(r"R-\d{5}", reference)
    assert re.search(r"We will answer by \w+day \d+ \w+ \d{4}", thanks)
    check_page(browser, "rights-public-thanks")

    # The clerk finds it on the requests page, due in a month, and confirms the match.
    sign_in(browser, demo_server)
    assert "Requests due" in main_text(browser)
    click_and_wait(
        browser, browser.find_element(By.LINK_TEXT, "Requests"), rf"/staff/{ORG}/requests/$"
    )
    check_page(browser, "rights-staff-requests")
    click_and_wait(browser, browser.find_element(By.LINK_TEXT, reference), r"/requests/\d+/$")
    request_page = main_text(browser)
    assert "same email address" in request_page
    check_page(browser, "rights-staff-request")
    confirm = (By.XPATH, f"//button[normalize-space()='Confirm: this is {name}']")
    click_and_wait(browser, browser.find_element(*confirm), r"/requests/\d+/$", confirm)
    assert "Match confirmed" in main_text(browser)
    assert browser.find_element(By.ID, "person-held").text == name
    assert "in progress" in main_text(browser)

    # The clerk records the identity check: what was seen, and when.
    browser.find_element(By.ID, "id_identity-seen").send_keys(
        "a council tax bill in the name given"
    )
    click_and_wait(
        browser,
        browser.find_element(By.XPATH, "//button[normalize-space()='Record the check']"),
        r"/requests/\d+/$",
    )
    assert "a council tax bill in the name given" in main_text(browser)
    Select(browser.find_element(By.ID, "id_event-type"))  # the clock's events are offered

    # The clerk carries the access request out: the response pack, built by the worker.
    build = (By.XPATH, "//button[normalize-space()='Build the response pack']")
    click_and_wait(browser, browser.find_element(*build), r"/requests/\d+/pack$", build)
    download = wait_for_the_pack(browser)
    check_page(browser, "rights-staff-pack")
    names = zip_names(browser, download.get_attribute("href"))
    assert "data.json" in names, names
    assert any(n.endswith(".pdf") for n in names), names
    assert any(n.endswith(".csv") for n in names), names

    # Then closes it as completed, the response sent today.
    request_url = re.sub(r"pack$", "", browser.current_url)
    browser.get(request_url)
    wait_for_url(browser, r"/requests/\d+/$")
    Select(browser.find_element(By.ID, "id_close-outcome")).select_by_value("completed")
    close = (By.XPATH, "//button[normalize-space()='Close']")
    click_and_wait(browser, browser.find_element(*close), r"/requests/\d+/$", close)
    assert "The request is completed" in main_text(browser)
    check_page(browser, "rights-staff-request-closed")

    # The letters are the organisation's to reword: a preview first, nothing saved.
    browser.get(f"{url}/staff/{ORG}/letters/?kind=completion")
    wait_for_url(browser, r"/letters/\?kind=completion$")
    check_page(browser, "rights-letter-templates")
    body = browser.find_element(By.ID, "id_body")
    body.clear()
    body.send_keys("Dear {{ requester.name }},\n\nWe have done what you asked.")
    preview = (By.XPATH, "//button[normalize-space()='Preview']")
    click_and_wait(browser, browser.find_element(*preview), r"/letters/", preview)
    assert "Dear A. Resident," in main_text(browser)
    check_page(browser, "rights-letter-templates-preview")


def wait_for_the_pack(browser, timeout: float = 90):
    """Reload the pack page until the worker has built the pack: its download link."""
    deadline = time.monotonic() + timeout
    while True:
        found = browser.find_elements(By.PARTIAL_LINK_TEXT, "Download copy")
        if found:
            return found[0]
        assert "It did not finish" not in main_text(browser), main_text(browser)
        assert time.monotonic() < deadline, "the pack was not built in time"
        time.sleep(1)
        browser.refresh()
        wait_for_url(browser, r"/pack$")


def zip_names(browser, href: str) -> list[str]:
    """Download the zip as the signed-in clerk (the browser's session) and list it."""
    cookies = "; ".join(f"{c['name']}={c['value']}" for c in browser.get_cookies())
    fetch = urllib.request.Request(href, headers={"Cookie": cookies})
    with urllib.request.urlopen(fetch, timeout=30) as response:  # noqa: S310 (the demo)
        assert response.headers["Content-Type"] == "application/zip"
        assert "attachment" in response.headers["Content-Disposition"]
        data = response.read()
    with zipfile.ZipFile(io.BytesIO(data)) as pack:
        return pack.namelist()
