"""How long each example's privacy notice is, and how far a resident reads before the essentials.

    .venv/bin/python bench/notice_length.py [--before OTHER_CHECKOUT]

Renders each example register with `lawful notice render FILE --format md` and counts
words as a reader meets them (Markdown syntax and link addresses left out):

- first screen: the title, the introduction and the first section (since issue 5, the
  summary "This notice in short"; before it, "Who we are and how to contact us");
- until the ICO: the words read before the notice first says how to complain to the
  Information Commissioner's Office (the last of the essentials the ICO asks for first);
- shown on the page: the words of the HTML page before a reader opens any collapsed
  detail (<details>);
- whole notice.

`--before` names another checkout with its own .venv (e.g. the main branch's): its
`lawful` renders its own examples, and its numbers are printed beside this checkout's.
"""

import argparse
import html as html_lib
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted(p.stem for p in (ROOT / "examples").glob("*.yaml"))


def render(checkout: Path, example: str, format: str = "md") -> str:
    lawful = checkout / ".venv" / "bin" / "lawful"
    path = checkout / "examples" / f"{example}.yaml"
    return subprocess.run(
        [str(lawful), "notice", "render", str(path), "--format", format],
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def words(markdown: str) -> int:
    text = re.sub(r"\]\([^)]*\)", "]", markdown)  # [text](address) -> [text]
    return len(re.findall(r"[\w'’@.+-]*\w", text))


def shown(html: str) -> int:
    text = re.sub(r"<details\b.*?</details>", " ", html, flags=re.S)
    return words(html_lib.unescape(re.sub(r"<[^>]+>", " ", text)))


def measure(checkout: Path, example: str) -> dict[str, int]:
    markdown = render(checkout, example)
    second_section = [m.start() for m in re.finditer(r"^## ", markdown, re.M)][1:2]
    first_screen = markdown[: second_section[0]] if second_section else markdown
    ico = markdown.find("Information Commissioner")
    return {
        "first screen": words(first_screen),
        "until the ICO": words(markdown[:ico]) if ico >= 0 else words(markdown),
        "shown on the page": shown(render(checkout, example, "html")),
        "whole notice": words(markdown),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", type=Path, help="another checkout, to compare with")
    args = parser.parse_args()
    columns = ["first screen", "until the ICO", "shown on the page", "whole notice"]
    print("| Example | " + " | ".join(columns) + " |")
    print("|---|" + "---|" * len(columns))
    for example in EXAMPLES:
        after = measure(ROOT, example)
        if args.before:
            before = measure(args.before, example)
            cells = [f"{before[c]:,} → {after[c]:,}" for c in columns]
        else:
            cells = [f"{after[c]:,}" for c in columns]
        print(f"| {example} | " + " | ".join(cells) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
