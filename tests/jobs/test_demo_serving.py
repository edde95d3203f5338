"""`make demo` serves as production does: gunicorn and the worker, and Ctrl-C stops both."""

import os
import re
import signal
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from tests.browser.conftest import ROOT, _free_port, _wait_for, descendants, wait_until_gone

pytestmark = pytest.mark.browser  # starts the real demo, as the browser tests do


@pytest.fixture
def demo(tmp_path):
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.pop("DATABASE_URL", None)
    env.update(LAWFUL_VAR_DIR=str(tmp_path), ADDRESS=f"127.0.0.1:{port}", RESIDENTS="20")
    log = tmp_path / "demo.log"
    with log.open("w") as out:
        # Its own session, like a terminal's foreground job: Ctrl-C signals the whole group.
        process = subprocess.Popen(
            [str(ROOT / "scripts" / "demo")],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            _wait_for(port, process, log)
            yield {"process": process, "url": f"http://127.0.0.1:{port}", "env": env, "log": log}
        finally:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


def lawful(demo, *args) -> str:
    done = subprocess.run(
        [str(ROOT / ".venv" / "bin" / "lawful"), *args],
        env={
            **demo["env"],
            "SECRET_KEY_FILE": str(Path(demo["env"]["LAWFUL_VAR_DIR"], "secret_key")),
        },
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


def fetch(url: str) -> tuple[int, str, str]:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.status, response.headers["Content-Type"], response.read().decode()


def test_the_demo_runs_gunicorn_and_the_worker_and_ctrl_c_stops_both(demo):
    process = demo["process"]
    children = descendants(process.pid)
    commands = [cmd for _, cmd in children]
    assert any("gunicorn lawful.wsgi:application" in cmd for cmd in commands), commands
    assert sum("gunicorn" in cmd for cmd in commands) >= 2  # the arbiter and its web workers
    assert any(cmd.endswith("lawful worker") for cmd in commands), commands
    assert "do not expose it beyond this machine" in demo["log"].read_text()

    # Pages and their static files come from gunicorn with DEBUG off (whitenoise).
    status, _, page = fetch(f"{demo['url']}/admin/login/")
    stylesheet = re.search(r'href="(/static/admin/css/base\.[0-9a-f]+\.css)"', page)[1]
    status, content_type, _ = fetch(demo["url"] + stylesheet)
    assert status == 200 and content_type.startswith("text/css")
    assert fetch(f"{demo['url']}/o/ashbrook/privacy")[0] == 200

    # Work queued from outside the web process is run by the demo's worker.
    assert "Queued verify-audit-chain" in lawful(demo, "jobs", "daily")
    deadline = time.monotonic() + 30
    while "verify-audit-chain\tdone" not in (listed := lawful(demo, "jobs", "list")):
        assert time.monotonic() < deadline, f"the job did not finish:\n{listed}"
        time.sleep(0.5)

    os.killpg(process.pid, signal.SIGINT)  # what Ctrl-C in the terminal sends
    process.wait(timeout=20)
    wait_until_gone([pid for pid, _ in children])
