"""Fuzzing the register loader for a bounded time: whatever the file holds, it answers with
problems on real lines, never an exception, and `lawful register check` prints only
FILE:LINE: lines (or FILE: OK).

Inputs come from three places: YAML-ish text built from the pieces that broke the loader
before (anchors, aliases, tags, brackets, impossible dates), the example registers read,
mutated (keys deleted, values swapped for other types, deep nesting) and written back, and
raw bytes. About 20 s in all; a failure prints the example and a blob to replay it.
"""

import copy
import io
import re
import tempfile
from datetime import date
from pathlib import Path

import yaml
from django.core.management import call_command
from django.core.management.base import CommandError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lawful.policy import safe_yaml
from lawful.policy.checks import check_text
from lawful.policy.register import parse_register
from tests.conftest import EXAMPLE_FILES

TODAY = date(2026, 11, 23)
FUZZ = settings(
    max_examples=300,
    deadline=1000,  # ms: every file under 1 MB answers within a second
    database=None,  # nothing written into the worktree
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

EXAMPLE_TEXTS = [path.read_text() for path in EXAMPLE_FILES]
EXAMPLE_TREES = [yaml.safe_load(text) for text in EXAMPLE_TEXTS]

# Pieces of YAML that once ended in a traceback or a blow-up, and plain syntax around them.
PIECES = [
    "&a ",
    "*a",
    "&b [*a,*a,*a]",
    "<<: *a",
    "!!int ",
    "!!float ",
    "!!timestamp ",
    "!!binary ",
    "!!python/object/apply:os.system ",
    "!!str ",
    "!custom ",
    "! ",
    "!!map ",
    "!!seq ",
    "2026-02-30",
    "2026-05-14 10:00:00",
    "2026-13-45",
    "yes",
    "no",
    "~",
    "null",
    "012",
    "0x1F",
    "1:20",
    ".inf",
    ".nan",
    "1e999",
    "9" * 50,
    "[",
    "]",
    "{",
    "}",
    ",",
    ": ",
    "- ",
    "? ",
    "\n",
    "\n  ",
    "\n    ",
    "  ",
    "\t",
    "---\n",
    "...\n",
    "%YAML 1.1\n",
    "'",
    '"',
    "#",
    "|\n",
    ">-\n",
    "controller",
    "notice",
    "purposes",
    "recipients",
    "cookies",
    "id",
    "name",
    "versions",
    "date",
    "minute",
    "lawful_basis",
    "retention",
    "period",
    "kind",
    "[x]",
    "**",
    "\ufeff",
    "é",
    "\u2028",
    "\x85",
    "\x07",
    "\r\n",
]
printable = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=4)
yamlish = st.lists(st.sampled_from(PIECES) | printable, max_size=80).map("".join)
# What goes in front of a value, or in its place: `name: !!int 12`, `dpo: &a`, `date: *a`.
VALUE_PIECES = [
    "!!int ",
    "!!float ",
    "!!timestamp ",
    "!!binary ",
    "!!bool ",
    "!!null ",
    "!!str ",
    "!!python/object/apply:os.system ",
    "!!python/name:os.system ",
    "!custom ",
    "&a ",
    "&b ",
    "*a ",
    "*b ",
    "[*a, *a] ",
    "2026-02-30",
    "2026-05-14T10:00:00Z",
    "2026-05-14 10:00",
    "0000-01-01",
    "9999-12-31 99:99:99",
    "1:20 ",
    "{",
    "[",
    "0o17 ",
    "- ",
    "? ",
    "|\n  ",
]

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),
    st.text(max_size=12),
    st.dates(),
    st.datetimes(),
    st.sampled_from(["consent", "public-task", "2026-02-30", "6 years", "permanent", "[x]"]),
)
values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=12,
)


def _slots(tree) -> list[tuple]:
    """Every (container, key) in a tree, to pick one to change."""
    found, todo = [], [tree]
    while todo:
        node = todo.pop()
        keys = node.keys() if isinstance(node, dict) else range(len(node))
        for key in list(keys):
            found.append((node, key))
            if isinstance(node[key], (dict, list)):
                todo.append(node[key])
    return found


@st.composite
def mutated_example(draw) -> str:
    """An example register with a few keys deleted, values of the wrong type, deep nesting."""
    tree = copy.deepcopy(draw(st.sampled_from(EXAMPLE_TREES)))
    for _ in range(draw(st.integers(1, 6))):
        slots = _slots(tree)
        if not slots:
            break
        container, key = draw(st.sampled_from(slots))
        action = draw(st.sampled_from(["delete", "replace", "nest"]))
        if action == "delete":
            del container[key]
        elif action == "replace":
            container[key] = draw(values)
        else:
            nested = container[key]
            for level in range(draw(st.integers(1, 30))):
                nested = [nested] if level % 2 else {"deeper": nested}
            container[key] = nested
    return yaml.safe_dump(tree, sort_keys=False, allow_unicode=draw(st.booleans()))


@st.composite
def spliced(draw, base: st.SearchStrategy) -> str:
    """Text with YAML-ish pieces spliced in and slices cut out at random places."""
    text = draw(base)
    for _ in range(draw(st.integers(0, 4))):
        at = draw(st.integers(0, len(text)))
        if draw(st.booleans()):
            text = text[:at] + draw(yamlish) + text[at:]
        else:
            text = text[:at] + text[at + draw(st.integers(0, 200)) :]
    return text


@st.composite
def tagged(draw, base: st.SearchStrategy) -> str:
    """Text with tags, anchors, aliases or odd values put in front of some of its values,
    or in their place."""
    lines = draw(base).split("\n")
    for _ in range(draw(st.integers(1, 5))):
        at = draw(st.integers(0, len(lines) - 1))
        line = lines[at]
        cut = line.find(": ") + 2 if ": " in line else line.find("- ") + 2
        if cut >= 2:
            rest = line[cut:] if draw(st.booleans()) else ""
            lines[at] = line[:cut] + draw(st.sampled_from(VALUE_PIECES)) + rest
    return "\n".join(lines)


register_texts = st.one_of(
    yamlish,
    st.text(max_size=200),
    mutated_example(),
    spliced(st.sampled_from(EXAMPLE_TEXTS)),
    spliced(mutated_example()),
    tagged(st.sampled_from(EXAMPLE_TEXTS)),
    tagged(mutated_example()),
)


def _assert_real_lines(text: str, problems) -> None:
    last = len(text.splitlines()) + 1
    for problem in problems:
        assert 1 <= problem.line <= last, (problem, last)
        assert problem.message


@FUZZ
@given(register_texts)
def test_parse_register_never_raises_and_every_problem_has_a_real_line(text):
    register, problems = parse_register(text)
    assert register is not None or problems
    _assert_real_lines(text, problems)


@FUZZ
@given(register_texts)
def test_check_text_never_raises_and_every_problem_has_a_real_line(text):
    _assert_real_lines(text, check_text(text, TODAY))


@FUZZ
@given(
    st.one_of(
        st.binary(max_size=300),
        st.builds(
            lambda text, at, junk: text[:at] + junk + text[at:],
            st.sampled_from([t.encode() for t in EXAMPLE_TEXTS]),
            st.integers(0, 12_000),
            st.binary(min_size=1, max_size=8),
        ),
    )
)
def test_any_bytes_are_decoded_or_refused_with_a_line(data):
    try:
        text = safe_yaml.decode(data)
    except safe_yaml.Refused as refused:
        assert refused.line >= 1 and refused.message
        return
    _assert_real_lines(text, check_text(text, TODAY))


@settings(FUZZ, max_examples=60)
@given(st.one_of(register_texts.map(str.encode), st.binary(max_size=200)))
def test_the_command_prints_only_file_line_messages(data):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "register.yaml"
        path.write_bytes(data)
        out = io.StringIO()
        try:
            call_command("register", "check", str(path), "--today", "2026-11-23", stdout=out)
        except CommandError as exc:
            assert exc.returncode == 1
        lines = out.getvalue().splitlines()
        assert lines
        shape = re.compile(rf"^{re.escape(str(path))}(:\d+: |: OK)")
        assert all(shape.match(line) for line in lines), lines
