"""axe-core in the browser, and the phone width, for the workspace's browser tests.

axe.min.js is the one scripts/install-system-deps installs (tests/browser/conftest.py's
AXE); it runs in the page through execute_async_script, as the notice's layout tests run
it, and reports the violations found.
"""

import base64
import json
from pathlib import Path

import pytest

from .conftest import AXE

DESKTOP = (1280, 900)
PHONE = (320, 720)

_RUN = (
    "const done = arguments[arguments.length - 1];"
    "axe.run(document, {resultTypes: ['violations']})"
    ".then(r => done(JSON.stringify(r.violations.map(v => ({id: v.id, impact: v.impact,"
    " help: v.help, nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))})))))"
    ".catch(e => done(JSON.stringify([{id: 'axe-error', help: String(e)}])));"
)


def axe_violations(browser) -> list[dict]:
    """The WCAG violations axe-core finds in the page as it is now."""
    if not AXE.exists():
        pytest.fail(f"axe-core is missing ({AXE}): run scripts/install-system-deps")
    if not browser.execute_script("return typeof axe !== 'undefined'"):
        browser.execute_script(AXE.read_text())
    browser.set_script_timeout(60)
    return json.loads(browser.execute_async_script(_RUN))


def at_width(browser, size: tuple[int, int]) -> None:
    """Lay the page out at this viewport size (a phone's 320 px is narrower than a
    desktop Chromium window may go, so it is emulated)."""
    width, height = size
    browser.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600},
    )


def reset_width(browser) -> None:
    browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def horizontal_overflow(browser) -> int:
    """How many pixels the page is wider than the viewport (0: no sideways scrolling)."""
    return browser.execute_script(
        "return document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )


def full_page_screenshot(browser, path: Path) -> None:
    """The whole page, not just what fits in the window."""
    shot = browser.execute_cdp_cmd(
        "Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True}
    )
    Path(path).write_bytes(base64.b64decode(shot["data"]))
