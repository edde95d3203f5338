"""Consent in the real demo, in headless Chromium: a resident signs up for email, confirms
from the email (the demo writes its email to files), changes their choices from the link,
and unsubscribes from all marketing; axe-core finds no violations on any page."""

import re
import time

import pytest
from selenium.webdriver.common.by import By

from .test_workspace_in_chromium import check_page, click_and_wait, main_text, wait_for_url

pytestmark = pytest.mark.browser

ORG = "riverside-network"


def _confirmation_link(mail_dir, email: str, timeout: float = 20) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for message in sorted(mail_dir.glob("*")) if mail_dir.is_dir() else []:
            text = message.read_text(errors="replace")
            at = text.rfind(f"To: {email}")
            if at >= 0:
                found = re.search(r"https?://\S+/confirm/\S+", text[at:])
                if found:
                    return found.group(0)
        time.sleep(0.25)
    raise AssertionError(f"no confirmation email to {email} in {mail_dir}")


def test_a_resident_signs_up_confirms_and_changes_their_mind(demo_server, browser):
    url = demo_server["url"]
    email = f"robin.{int(time.time())}@example.org"
    browser.delete_all_cookies()
    browser.get(f"{url}/o/{ORG}/sign-up")
    wait_for_url(browser, rf"/o/{ORG}/sign-up$")
    page = main_text(browser)
    assert "Nothing is ticked for you" in page and "privacy notice" in page
    boxes = browser.find_elements(By.CSS_SELECTOR, "input[type=checkbox]")
    assert boxes and not any(b.is_selected() for b in boxes)
    check_page(browser, "consent-sign-up")

    # Nothing ticked: the form says so, and nothing is sent.
    browser.find_element(By.ID, "id_given_name").send_keys("Robin")
    browser.find_element(By.ID, "id_family_name").send_keys("Signup")
    browser.find_element(By.ID, "id_email").send_keys(email)
    submit = browser.find_element(By.CSS_SELECTOR, "main form button[type=submit]")
    click_and_wait(browser, submit, rf"/o/{ORG}/sign-up$")
    assert "Tick at least one box" in main_text(browser)
    check_page(browser, "consent-sign-up-errors")

    browser.find_element(By.ID, "id_consent__keeping-in-touch__email").click()
    submit = browser.find_element(By.CSS_SELECTOR, "main form button[type=submit]")
    click_and_wait(browser, submit, rf"/o/{ORG}/sign-up$")
    assert "Check your email" in main_text(browser)
    check_page(browser, "consent-check-email")

    # The link in the email: a page with a button (a mail scanner confirms nothing).
    browser.get(_confirmation_link(demo_server["mail"], email))
    wait_for_url(browser, r"/confirm/")
    check_page(browser, "consent-confirm")
    button = browser.find_element(By.CSS_SELECTOR, "main form button[type=submit]")
    click_and_wait(browser, button, r"/confirm/")
    assert "you are signed up" in main_text(browser)
    check_page(browser, "consent-confirmed")

    # The preferences page, from its signed link: the consent shown, withdrawn in one click.
    link = browser.find_element(By.PARTIAL_LINK_TEXT, "See or change your choices")
    click_and_wait(browser, link, r"/preferences/")
    assert "You agreed on" in main_text(browser)
    check_page(browser, "consent-preferences")
    stop = browser.find_element(By.XPATH, "//button[starts-with(normalize-space(.), 'Stop email')]")
    click_and_wait(browser, stop, r"/preferences/")
    page = main_text(browser)
    assert "we will not contact you by email" in page and "Withdrawn on" in page
    check_page(browser, "consent-preferences-withdrawn")

    # And no marketing at all, on any channel.
    stop_all = browser.find_element(By.XPATH, "//button[normalize-space(.)='Stop all marketing']")
    click_and_wait(browser, stop_all, r"/preferences/")
    assert "We will not send you any marketing again" in main_text(browser)
