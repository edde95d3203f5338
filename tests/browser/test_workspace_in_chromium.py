"""A clerk's day in the staff workspace of the real demo, in headless Chromium.

The clerk signs in, chooses the parish council, finds a resident by a postcode typed
in lower case without its space, opens their record, uploads a register with one
retention period changed, reads the diff, adopts it, and sees the public notice change
only then. Every page is checked with axe-core at desktop and phone widths, and must not
scroll sideways on a 320 px phone.
"""

import re
from pathlib import Path

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from tests.conftest import EXAMPLES

from .conftest import click_for_new_page, sign_in
from .workspace_axe import (
    DESKTOP,
    PHONE,
    at_width,
    axe_violations,
    full_page_screenshot,
    horizontal_overflow,
    reset_width,
)

pytestmark = pytest.mark.browser

SHOTS = Path("/tmp/staff-shots")
ORG = "ashbrook"
OLD_RETENTION = "2 years from when your case is closed. Why: So that we can deal"
NEW_RETENTION = "3 years from when your case is closed. Why: So that we can deal"


def changed_register() -> str:
    text = (EXAMPLES / "parish-council.yaml").read_text(encoding="utf-8")
    changed = text.replace(
        "period: 2 years\n      trigger: case-closed",
        "period: 3 years\n      trigger: case-closed",
        1,
    )
    assert changed != text
    return changed


def wait_for_url(browser, pattern: str, timeout: float = 15) -> None:
    WebDriverWait(browser, timeout).until(lambda b: re.search(pattern, b.current_url))
    WebDriverWait(browser, timeout).until(
        lambda b: b.execute_script("return document.readyState") == "complete"
    )


def click_and_wait(browser, element, pattern: str, locator=None) -> None:
    """Click, wait for the new page, and check it is the one expected."""
    click_for_new_page(browser, element, locator)
    wait_for_url(browser, pattern)


def check_page(browser, name: str) -> None:
    """axe-core at both widths, no sideways scrolling on a phone, and a screenshot each."""
    SHOTS.mkdir(exist_ok=True)
    found = {}
    for label, size in (("1280", DESKTOP), ("320", PHONE)):
        at_width(browser, size)
        full_page_screenshot(browser, SHOTS / f"{name}-{label}.png")
        found[label] = axe_violations(browser)
        if size == PHONE:
            assert horizontal_overflow(browser) <= 0, f"{name} scrolls sideways at 320 px"
    reset_width(browser)
    assert found == {"1280": [], "320": []}, f"{name}: {found}"


def main_text(browser) -> str:
    return browser.find_element(By.TAG_NAME, "main").text


def notice_text(browser) -> str:
    """All the public notice says, folded sections included, spaces collapsed."""
    text = browser.execute_script("return document.querySelector('main').textContent")
    return " ".join(text.split())


def test_a_clerk_finds_a_resident_and_adopts_a_changed_register(demo_server, browser, tmp_path):
    url = demo_server["url"]
    assert f"Staff workspace: {url}/staff/" in demo_server["output"]
    browser.delete_all_cookies()
    try:
        # Signing in: a workspace address sends the clerk to sign in first.
        browser.get(f"{url}/staff/")
        wait_for_url(browser, r"/staff/sign-in\?next=/staff/")
        # The password, then the second factor (set up on the clerk's first sign-in).
        sign_in(browser, demo_server, demo_server["username"], demo_server["password"], check_page)
        wait_for_url(browser, r"/staff/$")

        # The demo clerk works for three organisations: choose the parish council.
        assert "Choose an organisation" in browser.find_element(By.TAG_NAME, "h1").text
        check_page(browser, "choose")
        link = browser.find_element(By.CSS_SELECTOR, f"main a[href='/staff/{ORG}/']")
        click_and_wait(browser, link, rf"/staff/{ORG}/$")
        dashboard = main_text(browser)
        assert re.search(r"\d+ people on record", dashboard)
        assert "Version 2.0 in force" in dashboard
        assert "Nothing yet" in dashboard
        check_page(browser, "dashboard")

        # Finding a resident by a postcode written another way.
        click_and_wait(
            browser, browser.find_element(By.LINK_TEXT, "People"), rf"/staff/{ORG}/people/$"
        )
        check_page(browser, "people-search")
        box = browser.find_element(By.ID, "id_q")
        box.send_keys("a")
        click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, ".search-row button"), "q=a")
        postcode = None
        for row in browser.find_elements(By.CSS_SELECTOR, ".results li"):
            match = re.search(r"Postcode:?\s*([A-Z0-9]{2,4} [0-9][A-Z]{2})", row.text)
            if match:
                name = row.find_element(By.TAG_NAME, "a").text
                postcode = match[1]
                break
        assert postcode, "no resident with a postcode among the first results"
        typed = postcode.lower().replace(" ", "")
        box = browser.find_element(By.ID, "id_q")
        box.clear()
        box.send_keys(typed)
        click_and_wait(
            browser, browser.find_element(By.CSS_SELECTOR, ".search-row button"), f"q={typed}"
        )
        assert "found" in browser.find_element(By.ID, "results").text
        check_page(browser, "people-results")
        click_and_wait(browser, browser.find_element(By.LINK_TEXT, name), r"/people/\d+/$")

        # The person's page: everything held, and (for the lead) who viewed it.
        assert browser.find_element(By.TAG_NAME, "h1").text == name
        person = main_text(browser)
        assert postcode in person
        for heading in ("Identity", "Contact details", "Purposes"):
            assert heading in person
        assert "Who viewed or changed this record" in person
        check_page(browser, "person")

        # The register: a broken file is refused with its line, nothing stored.
        click_and_wait(
            browser,
            browser.find_element(By.LINK_TEXT, "Register and notice"),
            rf"/staff/{ORG}/register/$",
        )
        check_page(browser, "register")
        broken = tmp_path / "broken.yaml"
        broken.write_text(changed_register().replace("purposes:", "purposes: [", 1))
        upload(browser, broken, "3.0")
        assert "Problems in broken.yaml" in main_text(browser)
        assert re.search(r"Line \d+:", main_text(browser))
        check_page(browser, "register-problems")

        # A register with one retention period changed: a draft, and what it changes.
        good = tmp_path / "ashbrook-3.0.yaml"
        good.write_text(changed_register())
        upload(browser, good, "3.0")
        wait_for_url(browser, rf"/staff/{ORG}/register/3.0/$")
        removed = [e.text for e in browser.find_elements(By.CSS_SELECTOR, ".diff-removed")]
        added = [e.text for e in browser.find_elements(By.CSS_SELECTOR, ".diff-added")]
        assert any(OLD_RETENTION in line and "Removed:" in line for line in removed)
        assert any(NEW_RETENTION in line and "Added:" in line for line in added)
        check_page(browser, "draft")

        # Not public until adopted.
        public = f"{url}/o/{ORG}/privacy"
        draft_page = browser.current_url
        browser.get(public)
        assert OLD_RETENTION in notice_text(browser)
        assert NEW_RETENTION not in notice_text(browser)
        browser.get(draft_page)
        wait_for_url(browser, r"/register/3.0/$")

        browser.find_element(By.ID, "id_minute").send_keys("26/101")
        click_and_wait(
            browser,
            browser.find_element(By.XPATH, "//button[text()='Adopt version 3.0']"),
            rf"/staff/{ORG}/register/$",
        )
        assert "Version 3.0 is adopted" in main_text(browser)
        check_page(browser, "register-adopted")

        browser.get(public)
        assert NEW_RETENTION in notice_text(browser)
        assert OLD_RETENTION not in notice_text(browser)
    finally:
        reset_width(browser)
        browser.delete_all_cookies()


def upload(browser, path: Path, version: str) -> None:
    browser.find_element(By.ID, "id_register_file").send_keys(str(path))
    field = browser.find_element(By.ID, "id_version")
    field.clear()
    field.send_keys(version)
    button = (By.XPATH, "//button[text()='Check and store as a draft']")
    click_for_new_page(browser, browser.find_element(*button), button)
