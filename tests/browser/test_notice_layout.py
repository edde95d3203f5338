"""The notice as a resident meets it, for each example, on a desktop and on a 320 px phone.

Each test drives the real demo, which serves every example, in headless Chromium.
Screenshots of each example at each width are saved in build/screenshots/ to look at.
"""

import json

import pytest
from selenium.webdriver.common.by import By

from lawful.policy.register import load_register

from .conftest import AXE, EXAMPLES, SCREENSHOTS, notice_url

pytestmark = pytest.mark.browser

DESKTOP = (1280, 900)
PHONE = (320, 640)


def _view(browser, size: tuple[int, int]) -> None:
    """Lay the page out at exactly this viewport (a phone is narrower than any window)."""
    width, height = size
    browser.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600},
    )


@pytest.fixture
def at(browser):
    yield lambda size: _view(browser, size)
    browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def _open(browser, demo, example: str, fragment: str = "") -> None:
    browser.get(notice_url(demo, example) + fragment)
    browser.find_element(By.TAG_NAME, "h1")


def _open_all_details(browser) -> None:
    browser.execute_script("document.querySelectorAll('details').forEach(d => d.open = true)")


def _top_of(browser, element) -> float:
    return browser.execute_script("return arguments[0].getBoundingClientRect().top", element)


@pytest.mark.parametrize("size", [DESKTOP, PHONE], ids=["1280px", "320px"])
def test_a_screenshot_of_each_example_is_kept_to_look_at(demo_server, example, browser, at, size):
    at(size)
    _open(browser, demo_server, example)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    name = f"{example}-{size[0]}px"
    assert browser.save_screenshot(str(SCREENSHOTS / f"{name}.png"))
    contents = browser.find_element(By.CSS_SELECTOR, "nav.contents")
    browser.execute_script("arguments[0].scrollIntoView()", contents)
    contents.find_element(By.TAG_NAME, "summary").click()
    assert browser.save_screenshot(str(SCREENSHOTS / f"{name}-contents.png"))
    # And the rights table, which must reflow on a phone, and a use opened.
    table = browser.find_element(By.CSS_SELECTOR, "#your-rights ~ .table")
    browser.execute_script("arguments[0].scrollIntoView()", table)
    assert browser.save_screenshot(str(SCREENSHOTS / f"{name}-rights.png"))
    purpose = browser.find_element(By.CSS_SELECTOR, "section.purpose")
    purpose.find_element(By.TAG_NAME, "summary").click()
    browser.execute_script("arguments[0].scrollIntoView()", purpose)
    assert browser.save_screenshot(str(SCREENSHOTS / f"{name}-use.png"))


def test_the_summary_is_read_without_scrolling_past_one_screen_on_a_desktop(
    demo_server, example, browser, at
):
    at(DESKTOP)
    _open(browser, demo_server, example)
    summary = browser.find_element(By.CSS_SELECTOR, "section.summary")
    assert summary.is_displayed()
    bottom = browser.execute_script(
        "return arguments[0].getBoundingClientRect().bottom + window.scrollY", summary
    )
    screen = browser.execute_script("return window.innerHeight")
    assert bottom <= 2 * screen, f"the summary ends {bottom}px down; one scroll is {screen}px"
    register = load_register(EXAMPLES / f"{example}.yaml")
    text = summary.text
    assert register.controller.name in text
    assert "How to complain" in text and "Information Commissioner's Office" in text


@pytest.mark.parametrize("opened", [False, True], ids=["closed", "all-opened"])
def test_nothing_scrolls_sideways_on_a_320px_screen(demo_server, example, browser, at, opened):
    at(PHONE)
    _open(browser, demo_server, example)
    if opened:
        _open_all_details(browser)
    widths = browser.execute_script(
        "return [document.documentElement.scrollWidth, window.innerWidth]"
    )
    assert widths[0] <= widths[1], f"page is {widths[0]}px wide on a {widths[1]}px screen"
    wide = browser.execute_script(
        "return [...document.querySelectorAll('main *')]"
        ".filter(e => e.getBoundingClientRect().right > window.innerWidth + 0.5)"
        ".map(e => e.tagName + ' ' + (e.id || e.className) + ': ' + e.textContent.slice(0, 40))"
    )
    assert wide == []


@pytest.mark.parametrize("size", [DESKTOP, PHONE], ids=["1280px", "320px"])
def test_contents_links_and_back_to_top_work(demo_server, example, browser, at, size):
    at(size)
    _open(browser, demo_server, example)
    contents = browser.find_element(By.CSS_SELECTOR, "nav.contents")
    contents.find_element(By.LINK_TEXT, "Your rights").click()
    assert browser.current_url.endswith("#your-rights")
    assert 0 <= _top_of(browser, browser.find_element(By.ID, "your-rights")) < 200

    back = browser.find_element(By.CSS_SELECTOR, "#your-rights ~ .to-top a, .to-top a")
    section_back = browser.execute_script(
        "return document.getElementById('your-rights').parentElement"
        ".querySelector(':scope > .to-top a')"
    )
    (section_back or back).click()
    assert browser.current_url.endswith("#top")
    assert 0 <= _top_of(browser, browser.find_element(By.TAG_NAME, "h1")) < 200

    # Each use is in the contents too, in a list that opens beneath "How we use ...".
    register = load_register(EXAMPLES / f"{example}.yaml")
    purpose = register.purposes[len(register.purposes) // 2]
    contents = browser.find_element(By.CSS_SELECTOR, "nav.contents")
    browser.execute_script("arguments[0].scrollIntoView()", contents)
    contents.find_element(By.TAG_NAME, "summary").click()
    contents.find_element(By.LINK_TEXT, purpose.name).click()
    assert browser.current_url.endswith(f"#purpose-{purpose.id}")
    heading = browser.find_element(By.ID, f"purpose-{purpose.id}")
    assert 0 <= _top_of(browser, heading) < 200


def test_a_use_opens_and_links_to_its_row_of_the_rights_table(demo_server, example, browser, at):
    at(PHONE)
    register = load_register(EXAMPLES / f"{example}.yaml")
    purpose = register.purposes[-1]
    _open(browser, demo_server, example)
    summary = browser.find_element(By.CSS_SELECTOR, "section.summary")
    summary.find_element(By.LINK_TEXT, purpose.name).click()
    section = browser.find_element(By.ID, f"purpose-{purpose.id}")
    assert 0 <= _top_of(browser, section) < 200
    details = browser.execute_script(
        "return arguments[0].parentElement.querySelector('details')", section
    )
    assert not details.get_attribute("open")
    details.find_element(By.TAG_NAME, "summary").click()
    assert details.get_attribute("open") is not None
    assert "Do you have to give it to us?" in details.text
    row_link = details.find_element(By.CSS_SELECTOR, "a[href^='#rights-']")
    target = row_link.get_attribute("href").split("#", 1)[1]
    row_link.click()
    row = browser.find_element(By.ID, target)
    assert row.tag_name == "th" and row.is_displayed()
    assert 0 <= _top_of(browser, row) < 300


@pytest.mark.parametrize("size", [DESKTOP, PHONE], ids=["1280px", "320px"])
def test_axe_finds_no_accessibility_violations(demo_server, example, browser, at, size):
    if not AXE.exists():
        pytest.fail(f"axe-core is missing ({AXE}): run scripts/install-system-deps")
    at(size)
    _open(browser, demo_server, example)
    _open_all_details(browser)
    browser.execute_script(AXE.read_text())
    browser.set_script_timeout(60)
    result = browser.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {resultTypes: ['violations']})"
        ".then(r => done(JSON.stringify(r.violations.map(v => ({id: v.id, impact: v.impact,"
        " help: v.help, nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))})))))"
        ".catch(e => done(JSON.stringify([{id: 'axe-error', help: String(e)}])));"
    )
    violations = json.loads(result)
    assert violations == [], json.dumps(violations, indent=1)


def test_focus_is_shown_for_the_keyboard_but_a_click_leaves_no_yellow_block(
    demo_server, example, browser, at
):
    from selenium.webdriver.common.keys import Keys

    at(DESKTOP)
    _open(browser, demo_server, example)
    link = browser.find_element(By.CSS_SELECTOR, "nav.contents a")
    background = "return getComputedStyle(document.activeElement).backgroundColor"
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", link)
    summary = browser.find_element(By.CSS_SELECTOR, "details summary")
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", summary)
    summary.click()  # a mouse click: focus moves, but is not shown as a block
    assert browser.execute_script(background) in ("rgba(0, 0, 0, 0)", "transparent")
    assert browser.execute_script(
        "return getComputedStyle(document.activeElement).outlineStyle"
    ) in ("none", "")
    browser.switch_to.active_element.send_keys(Keys.TAB)  # the keyboard: focus is shown
    focused = browser.switch_to.active_element
    assert focused.tag_name in ("a", "summary")
    shown = browser.execute_script(
        "const s = getComputedStyle(document.activeElement);"
        "return s.outlineStyle !== 'none' || s.boxShadow !== 'none'"
    )
    assert shown


def test_the_pdf_link_on_the_page_downloads_the_adopted_notice(demo_server, example, browser, at):
    from urllib.request import urlopen

    at(DESKTOP)
    _open(browser, demo_server, example)
    href = browser.find_element(By.LINK_TEXT, "Download the adopted notice as a PDF")
    with urlopen(href.get_attribute("href"), timeout=60) as response:
        assert response.headers["Content-Type"] == "application/pdf"
        assert response.read(5) == b"%PDF-"


def test_printing_the_page_prints_every_use_in_full(demo_server, example, browser, at):
    import base64
    from io import BytesIO

    from pypdf import PdfReader

    at(DESKTOP)
    _open(browser, demo_server, example)
    printed = browser.execute_cdp_cmd("Page.printToPDF", {"printBackground": False})
    pdf = PdfReader(BytesIO(base64.b64decode(printed["data"])))
    text = " ".join(" ".join(page.extract_text() for page in pdf.pages).split())
    register = load_register(EXAMPLES / f"{example}.yaml")
    # Closed <details> are printed open (print stylesheet); the page's controls are not.
    assert text.count("Do you have to give it to us?") == len(register.purposes)
    assert "Back to top" not in text and "Download the adopted notice" not in text
