"""Run the real demo (scripts/demo, as `make demo` does) and drive it in headless Chromium."""

import contextlib
import os
import re
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path

import pytest

from lawful.staff.management.commands.demo import DEMO_ORGANISATIONS

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


EXAMPLES = ROOT / "examples"
# The demo serves every example register as an organisation: file stem -> short name.
DEMO_EXAMPLES = {filename.removesuffix(".yaml"): slug for slug, filename in DEMO_ORGANISATIONS}
SCREENSHOTS = ROOT / "build" / "screenshots"
AXE = ROOT / ".tools" / "node_modules" / "axe-core" / "axe.min.js"


def notice_url(server: dict, example: str = "parish-council") -> str:
    """Where the demo serves an example organisation's privacy notice: the one place
    that knows the address of a notice."""
    return f"{server['url']}/o/{DEMO_EXAMPLES[example]}/privacy"


@pytest.fixture(params=sorted(DEMO_EXAMPLES))
def example(request) -> str:
    """Each example organisation of the demo in turn (its register file's stem)."""
    return request.param


@pytest.fixture(scope="session")
def demo_server(tmp_path_factory):
    """The demo, started by scripts/demo on a free port with its own SQLite database."""
    var = tmp_path_factory.mktemp("demo-var")
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(LAWFUL_VAR_DIR=str(var), ADDRESS=f"127.0.0.1:{port}", RESIDENTS="200")
    log = (var / "demo.log").open("w")
    process = subprocess.Popen(
        [str(ROOT / "scripts" / "demo")], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT
    )
    url = f"http://127.0.0.1:{port}"
    children = []
    try:
        _wait_for(port, process, var / "demo.log")
        children = descendants(process.pid)
        output = (var / "demo.log").read_text()
        yield {
            "url": url,
            "output": output,
            "username": re.search(r"Username: (\S+)", output)[1],
            "password": re.search(r"Password: (\S+)", output)[1],
            "log": var / "demo.log",
            # Every email the demo sends is written here (scripts/demo: LAWFUL_EMAIL_DIR)
            "mail": var / "mail",
        }
    finally:
        process.terminate()  # SIGTERM to scripts/demo: it stops gunicorn and the worker
        try:
            process.wait(timeout=20)
        finally:
            log.close()
            stop_leftovers(process, children)


def stop_leftovers(process: subprocess.Popen, children: list[tuple[int, str]]) -> None:
    """Fail if the demo left any of its processes running, after stopping them."""
    try:
        wait_until_gone([pid for pid, _ in children])
    except AssertionError:
        for pid, _ in children:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        if process.poll() is None:
            process.kill()
        raise


def descendants(pid: int) -> list[tuple[int, str]]:
    """Every process below `pid` (pid and command line), from /proc."""
    parents: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # it ended while we looked
        parents.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found, todo = [], list(parents.get(pid, []))
    while todo:
        child = todo.pop()
        try:
            cmdline = Path(f"/proc/{child}/cmdline").read_bytes().replace(b"\0", b" ")
        except OSError:
            continue
        found.append((child, cmdline.decode().strip()))
        todo.extend(parents.get(child, []))
    return found


def wait_until_gone(pids: list[int], timeout: float = 15) -> None:
    """Fail if any of `pids` is still running (not a zombie) after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while (alive := [p for p in pids if _running(p)]) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not alive, f"left running after the demo stopped: {alive}"


def _running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _wait_for(port: int, process: subprocess.Popen, log: Path, timeout: float = 300) -> None:
    # Generous: migrate, collectstatic and the example data take minutes on a busy machine.
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the demo exited ({process.returncode}):\n{log.read_text()}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"the demo did not start within {timeout}s:\n{log.read_text()}")


@pytest.fixture(scope="session")
def browser():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    if not (Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists()):
        pytest.fail("Chromium is not installed: run scripts/install-system-deps (make test does)")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=1280,900",
    ):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(30)
    yield driver
    driver.quit()


# --- Signing in, with the second factor ---------------------------------------------------


def mark_page(browser) -> None:
    """Mark the page showing now, so that wait_for_new_page can tell when it has gone.

    A mark in the page's own window, not a WebDriver element: after check_page changes
    the window's width Chromium may answer an element it found earlier with "Node with
    given id does not belong to the document", which says nothing about navigation."""
    browser.execute_script("window.__lawfulOldPage = true;")


def wait_for_new_page(browser, timeout: float = 15) -> None:
    """Wait until the marked page has been replaced and the new one has loaded."""
    from selenium.common.exceptions import WebDriverException
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(browser, timeout, ignored_exceptions=(WebDriverException,)).until(
        lambda b: b.execute_script(
            "return window.__lawfulOldPage === undefined && document.readyState === 'complete'"
        )
    )


def click_for_new_page(browser, element, locator=None) -> None:
    """Click a link or button that loads a page, and wait for that page.

    With `locator` (By, value), an element Chromium no longer knows after a re-layout is
    found again (the click had not happened then); if it still is not known, the click is
    made by the page's own script, as the user's would be."""
    from selenium.common.exceptions import WebDriverException

    mark_page(browser)
    for attempt in range(6):
        try:
            element.click()
            break
        except WebDriverException as exc:
            if locator is None or "does not belong" not in str(exc):
                raise
            time.sleep(0.2 * (attempt + 1))  # let the layout settle, then find it again
            element = browser.find_element(*locator)
    else:
        browser.execute_script("arguments[0].click();", element)
    wait_for_new_page(browser)


def _submit(browser, button) -> None:
    click_for_new_page(browser, button)


def app_code(server: dict) -> str:
    """The code the clerk's authenticator app would show: a time step not used yet (the
    server refuses a step twice), waiting for the next one if need be."""
    from base64 import b32decode

    from django_otp.oath import TOTP

    secret = server["totp_secret"]
    key = b32decode(secret + "=" * (-len(secret) % 8))
    now = int(time.time() // 30)
    step = max(now, server.get("totp_last_step", -1) + 1)
    while step > now + 1:  # the server accepts one step ahead of its clock, not more
        time.sleep(1)
        now = int(time.time() // 30)
    server["totp_last_step"] = step
    totp = TOTP(key)
    totp.time = step * 30 + 1
    return f"{totp.token():06d}"


def second_factor(browser, server: dict, check=None) -> None:
    """After the password: set the authenticator app up (the first sign-in: its secret is
    read off the page and kept in `server`, as the clerk's phone would keep it), or give
    its code. `check(browser, name)` is called on each page shown (e.g. axe-core)."""
    from selenium.webdriver.common.by import By

    if "/sign-in/set-up" in browser.current_url:
        if check:
            check(browser, "two-factor-set-up")
        server["totp_secret"] = browser.find_element(By.ID, "secret").text.replace(" ", "")
        browser.find_element(By.ID, "id_code").send_keys(app_code(server))
        _submit(browser, browser.find_element(By.CSS_SELECTOR, "main button"))
        codes = browser.find_elements(By.CSS_SELECTOR, "#recovery-codes code")
        assert len(codes) == 10, browser.find_element(By.TAG_NAME, "main").text
        server["recovery_codes"] = [c.text for c in codes]
        if check:
            check(browser, "two-factor-recovery-codes")
        _submit(browser, browser.find_element(By.ID, "continue"))
    elif "/sign-in/code" in browser.current_url:
        if check:
            check(browser, "two-factor-code")
        browser.find_element(By.ID, "id_code").send_keys(app_code(server))
        _submit(browser, browser.find_element(By.CSS_SELECTOR, "main button"))
    assert "/sign-in" not in browser.current_url, browser.find_element(By.TAG_NAME, "main").text


def sign_in(browser, server: dict, username: str, password: str, check=None) -> None:
    """Sign in at the staff sign-in page the browser shows (or opens), password and then
    the second factor; the browser ends on the page the sign-in was for."""
    from selenium.webdriver.common.by import By

    if "/staff/sign-in" not in browser.current_url:
        browser.get(f"{server['url']}/staff/sign-in")
    if check:
        check(browser, "sign-in")
    browser.find_element(By.ID, "id_username").send_keys(username)
    browser.find_element(By.ID, "id_password").send_keys(password)
    _submit(browser, browser.find_element(By.CSS_SELECTOR, "main button"))
    second_factor(browser, server, check)
