"""What a reader sees of an organisation's privacy notice on the running demo, in a real
headless Chromium."""

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from lawful.policy.register import load_register
from tests.conftest import EXAMPLES

from .conftest import notice_url

pytestmark = pytest.mark.browser


def test_the_demo_prints_each_organisations_address_and_a_staff_login(demo_server):
    for slug in ("ashbrook", "northgate-councillors", "riverside-network"):
        assert f"Privacy notice: {demo_server['url']}/o/{slug}/privacy" in demo_server["output"]
    assert demo_server["username"] == "clerk"
    assert len(demo_server["password"]) >= 12


def test_a_reader_sees_the_whole_notice(demo_server, browser, tmp_path):
    register = load_register(EXAMPLES / "parish-council.yaml")
    browser.get(notice_url(demo_server, "parish-council"))
    browser.save_screenshot(str(tmp_path / "privacy.png"))
    assert register.controller.name in browser.title
    heading = browser.find_element(By.TAG_NAME, "h1")
    assert heading.is_displayed() and register.controller.name in heading.text
    visible = browser.find_element(By.TAG_NAME, "main").text
    for purpose in register.purposes:
        assert purpose.name in visible
    for section in (
        "This notice in short",
        "Who we are and how to contact us",
        "Your rights",
        "How to complain",
        "Transfers outside the UK",
        "Changes to this notice",
    ):
        assert section in visible
    assert register.controller.ico_registration in visible
    assert "Information Commissioner's Office" in visible
    assert "within one month" in visible


def test_the_contents_links_take_the_reader_to_each_section(demo_server, browser):
    browser.get(notice_url(demo_server, "parish-council"))
    browser.find_element(By.LINK_TEXT, "Your rights").click()
    assert browser.current_url.endswith("#your-rights")
    target = browser.find_element(By.ID, "your-rights")
    top = browser.execute_script("return arguments[0].getBoundingClientRect().top", target)
    assert 0 <= top < 200  # scrolled to the heading


def test_the_printed_login_signs_the_clerk_in(demo_server, browser):
    browser.get(f"{demo_server['url']}/admin/login/")
    browser.find_element(By.NAME, "username").send_keys(demo_server["username"])
    browser.find_element(By.NAME, "password").send_keys(demo_server["password"])
    browser.find_element(By.CSS_SELECTOR, "input[type=submit]").click()
    # Wait for the page after sign-in, rather than reading the login page going stale.
    WebDriverWait(browser, 10).until(lambda b: "/admin/login/" not in b.current_url)
    body = WebDriverWait(browser, 10).until(lambda b: b.find_element(By.TAG_NAME, "body"))
    assert "Site administration" in body.text
