"""Reading Lawful's settings as a fresh process would, with a given environment (the
settings are computed once, at import)."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# Variables that would change what the settings say, removed unless a test sets them.
LAWFUL_ENV = ("LAWFUL_", "DATABASE_URL", "SECRET_KEY", "ALLOWED_HOSTS", "DJANGO_SETTINGS")


def clean_env(env: dict) -> dict:
    base = {k: v for k, v in os.environ.items() if not k.startswith(LAWFUL_ENV)}
    return base | env


def settings_in_env(env: dict, expression: str):
    """The value of `expression` (names of lawful.settings, JSON-able) in a process with
    `env`; an AssertionError with the process's error output if the settings fail."""
    code = (
        "import json, lawful.settings as s\n"
        f"print(json.dumps(eval({expression!r}, vars(s)), default=str))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=clean_env(env), capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    value = json.loads(done.stdout)
    return value
