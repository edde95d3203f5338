"""Casework in the real demo, in headless Chromium: the councillors' office caseworker
signs in, opens one of their cases, adds a note (first empty: the form says so) and a
referral; the volunteer who tries the same case is refused. axe-core checks each page at
1280 and 320 px."""

import re

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from .conftest import sign_in
from .test_workspace_in_chromium import check_page, click_and_wait, main_text, wait_for_url

pytestmark = pytest.mark.browser

ORG = "northgate-councillors"


def _sign_in_as(browser, server, username: str) -> None:
    browser.delete_all_cookies()
    browser.get(f"{server['url']}/staff/{ORG}/cases/")
    wait_for_url(browser, r"/staff/sign-in\?next=")
    sign_in(browser, server, username, server["password"])
    wait_for_url(browser, rf"/staff/{ORG}/cases/$")


def test_a_caseworker_adds_a_note_and_a_referral_and_a_volunteer_is_refused(demo_server, browser):
    url = demo_server["url"]
    _sign_in_as(browser, demo_server, "caseworker")
    assert re.search(r"\d+ cases?", main_text(browser))
    check_page(browser, "casework-list")

    first = browser.find_element(By.CSS_SELECTOR, ".results a")
    subject = first.text
    click_and_wait(browser, first, rf"/staff/{ORG}/cases/\d+/$")
    case_url = browser.current_url
    assert subject.split(": ", 1)[1] in browser.find_element(By.TAG_NAME, "h1").text
    check_page(browser, "casework-case")

    # An empty note: the form says what is missing, and names the field.
    button = (By.XPATH, "//button[normalize-space()='Add the note']")
    click_and_wait(browser, browser.find_element(*button), r"/cases/\d+/$", button)
    assert "There is a problem" in main_text(browser) and "Write the note." in main_text(browser)
    check_page(browser, "casework-case-error")

    note = "Rang the housing officer: a surveyor visits on Thursday."
    browser.find_element(By.ID, "id_note-text").send_keys(note)
    click_and_wait(browser, browser.find_element(*button), r"/cases/\d+/$", button)
    assert "Note added." in main_text(browser) and note in main_text(browser)

    Select(browser.find_element(By.ID, "id_referral-recipient")).select_by_value(
        "local-authorities"
    )
    browser.find_element(By.ID, "id_referral-shared").send_keys("name, address and the repair")
    refer = (By.XPATH, "//button[normalize-space()='Record the referral']")
    click_and_wait(browser, browser.find_element(*refer), r"/cases/\d+/$", refer)
    page = main_text(browser)
    assert "Referral recorded in the disclosure log." in page
    assert "Referral: To Anytown Borough Council" in page
    check_page(browser, "casework-case-referred")

    # The volunteer, signed in, asks for the same case: refused, nothing of it shown.
    _sign_in_as(browser, demo_server, "volunteer")  # the cases list itself is refused
    assert "This page is not available to your role" in main_text(browser)
    browser.get(case_url)
    wait_for_url(browser, re.escape(case_url.removeprefix(url)))
    refused = main_text(browser)
    assert "This page is not available to your role" in refused
    assert note not in refused and subject not in refused
    check_page(browser, "casework-volunteer-refused")
