"""The `lawful` command: Django's management commands with Lawful's settings.

`lawful register check FILE`, `lawful deadline DATE`, `lawful notice render FILE`,
`lawful audit verify`, `lawful demo`, and every Django command (`lawful migrate`, ...).
"""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lawful.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["lawful", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    main()
