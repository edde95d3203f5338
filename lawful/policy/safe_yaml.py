"""Reading a register's YAML safely: bounded in size, depth and time, whatever the file holds.

A register is a plain tree of mappings, lists and words, so this reads only that. It builds
the tree itself from the parser's events (libyaml's when installed) instead of using
PyYAML's composer and constructor, because those expand aliases (a 377-byte "billion
laughs" file took 93 s and 8.5 GB), recurse once per level of nesting, and raise Python
errors for impossible dates and tagged values. Here:

- anchors and aliases stop the read at the first one, before anything is expanded;
- nesting deeper than MAX_DEPTH stops the read at that line, without recursion;
- explicit tags (`!!int`, `!!timestamp`, `!!python/...`, `!custom`) are refused and the
  value is read as if untagged, so every tag in the file is reported;
- numbers are kept as the text written (`minute: 012` stays "012"; no field is a
  number), impossible dates as the text written (the field reports it), and every
  scalar keeps its source text so a text field gets what the author typed;
- a file over MAX_BYTES, not UTF-8, binary, empty, or not a mapping is refused with a
  message saying which;
- more than MAX_VALUES values, or more than MAX_NOTED tags and repeated keys, stop the read
  at that line: with the 1 MB limit these keep any file's answer well within a second
  (about 0.2 s of CPU for the worst found; a 900 KB register written like the examples
  checks in about 0.2 s).

Every refusal is a (line, message) pair with a line of 1 or more, on one line of text;
register.py turns them into Problems.
"""

import gc
import re

import yaml
from yaml.constructor import SafeConstructor

MAX_BYTES = 1024 * 1024  # 1 MB; the largest example register is 30 KB
MAX_DEPTH = 20  # a register nests 6 levels at most (purposes > purpose > basis > channels)
# Values (fields, words, list items): twice what a 1 MB register written like the examples
# holds (about 45 a kilobyte; the largest example has 1,357). Bounds the time a file of
# tiny values (`[{},{},...]`, 700,000 of them in 1 MB) takes to read.
MAX_VALUES = 100_000
MAX_NOTED = 1_000  # tags and repeated keys noted before the read stops
MAX_SHOWN = 60  # characters of a value quoted back in a message

_Parser = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml: ~10x faster
_RESOLVER = yaml.resolver.Resolver()
_CONSTRUCTOR = SafeConstructor()
_STR = "tag:yaml.org,2002:str"
_PLAIN_TAGS = {
    yaml.ScalarEvent: {None, "!", _STR},
    yaml.MappingStartEvent: {None, "!", "tag:yaml.org,2002:map"},
    yaml.SequenceStartEvent: {None, "!", "tag:yaml.org,2002:seq"},
}
# What YAML itself refuses in a file (yaml.reader.Reader.NON_PRINTABLE), lone surrogates too.
_NOT_PRINTABLE = re.compile(
    "[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
)
_BOMS = (
    (b"\xff\xfe\x00\x00", "UTF-32"),
    (b"\x00\x00\xfe\xff", "UTF-32"),
    (b"\xff\xfe", "UTF-16"),
    (b"\xfe\xff", "UTF-16"),
)
_NEEDS = "a register is a mapping with controller, notice and purposes sections"


class Refused(Exception):
    """The file cannot be read as a register at all; stops the read at `line`."""

    def __init__(self, line: int, message: str, earlier: list[tuple[int, str]] = ()):
        super().__init__(message)
        self.line = max(1, line)
        self.message = message
        self.earlier = list(earlier)  # problems noted before the read stopped

    @property
    def problems(self) -> list[tuple[int, str]]:
        return [*self.earlier, (self.line, self.message)]


class Mapping(dict):
    """A YAML mapping that remembers the line of itself and of each key (1-based), and the
    source text of each scalar value."""

    line: int = 0
    key_lines: dict
    raw: dict

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


class Sequence(list):
    """A YAML list that remembers its line."""

    line: int = 0


# Line breaks and control characters: quoted back in a message they are escaped (\r, \x07).
UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def one_line(text: str) -> str:
    return UNPRINTABLE.sub(lambda m: repr(m[0])[1:-1], text)


def shown(value, limit: int = MAX_SHOWN) -> str:
    """A value quoted back in a message: on one line, and cut short (not a megabyte)."""
    text = one_line(str(value))
    return text if len(text) <= limit else text[: limit - 1] + "…"


# --- From bytes to text ---------------------------------------------------------------


def decode(data: bytes) -> str:
    """The text of a register file, or Refused saying why it is not UTF-8 text."""
    if len(data) > MAX_BYTES:
        raise Refused(1, _too_big())
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            raise Refused(1, f"the file is {encoding} text; save it as UTF-8")
    if b"\x00" in data:
        line = data.count(b"\n", 0, data.index(b"\x00")) + 1
        raise Refused(
            line,
            "this is not a text file (it contains a zero byte); a register is YAML text in UTF-8",
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise Refused(
            line,
            f"the file is not UTF-8 text: byte 0x{data[exc.start]:02X} on this line "
            "cannot be read; save the file as UTF-8",
        ) from None


def read_bytes(path) -> bytes:
    """At most MAX_BYTES + 1 bytes of a file: enough to know it is too big."""
    with open(path, "rb") as file:
        return file.read(MAX_BYTES + 1)


def _too_big() -> str:
    return (
        f"the file is larger than 1 MB ({MAX_BYTES:,} bytes), the most a register may be, "
        "so it was not read"
    )


# --- From text to a tree ----------------------------------------------------------------


def load(text: str) -> tuple[Mapping, list[tuple[int, str]], list[tuple[int, str]]]:
    """The register's top-level mapping, every text value with its line (for checks that
    read the words), and the problems that did not stop the read (tags, repeated keys).

    Raises Refused when the text cannot be read as a register at all."""
    if len(text) > MAX_BYTES or len(text.encode("utf-8", "surrogatepass")) > MAX_BYTES:
        raise Refused(1, _too_big())
    bad = _NOT_PRINTABLE.search(text)
    if bad:
        line = text.count("\n", 0, bad.start()) + 1
        raise Refused(
            line,
            f"the character U+{ord(bad[0]):04X} cannot be in a register "
            "(YAML allows no control characters); remove it",
        )
    builder = _Builder()
    parser = _Parser(text)
    collecting = gc.isenabled()
    gc.disable()  # the tree holds no cycles; collecting while building it costs 40%
    try:
        builder.run(parser)
    except Refused as refused:
        refused.earlier = builder.problems
        raise
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        problem = exc.problem or exc.context
        if "nesting depth" in str(problem):  # libyaml stops at 1,000 levels, before us
            problem = f"nested more than {MAX_DEPTH} levels deep; a register needs no more than 6"
            raise Refused(line, problem) from None
        raise Refused(line, f"not valid YAML: {problem}") from None
    except yaml.reader.ReaderError as exc:
        line = text.count("\n", 0, exc.position) + 1
        raise Refused(line, f"not valid YAML: {exc.reason}") from None
    except yaml.YAMLError as exc:
        raise Refused(1, f"not valid YAML: {shown(exc, 200)}") from None
    finally:
        parser.dispose()
        if collecting:
            gc.enable()
    return builder.root(), builder.texts, builder.problems


class _Builder:
    """Builds plain values from parser events with an explicit stack: no recursion, no
    expansion, and the first anchor, alias or over-deep level stops it."""

    def __init__(self):
        self.stack: list[list] = []  # [container, pending key or None, key line]
        self.documents = 0
        self.values = 0
        self.top = None
        self.top_line = 1
        self.texts: list[tuple[int, str]] = []
        self.problems: list[tuple[int, str]] = []

    def root(self) -> Mapping:
        if self.documents == 0 or self.top is None:
            raise Refused(1, f"the file is empty: {_NEEDS}")
        if isinstance(self.top, Sequence):
            raise Refused(self.top_line, f"the file holds a list, not a register: {_NEEDS}")
        if not isinstance(self.top, Mapping):
            raise Refused(self.top_line, f"the file holds a single value, not a register: {_NEEDS}")
        return self.top

    def run(self, parser) -> None:
        # The hot loop of a megabyte file: one call per event, the common ones first.
        get_event, stack = parser.get_event, self.stack
        scalar, start, value = self._scalar, self._start, self._value
        ends = (yaml.MappingEndEvent, yaml.SequenceEndEvent)
        starts = (yaml.MappingStartEvent, yaml.SequenceStartEvent)
        event = get_event()
        while (kind := type(event)) is not yaml.StreamEndEvent:
            if kind is yaml.ScalarEvent:
                scalar(event)
            elif kind in ends:
                node = stack.pop()[0]
                value(node, node.line, None)
            elif kind in starts:
                start(event)
            else:
                self.take(event)
            event = get_event()

    def take(self, event) -> None:
        """Events other than scalars and lists or mappings."""
        kind = type(event)
        if kind is yaml.AliasEvent:
            raise Refused(
                event.start_mark.line + 1,
                f"{self._where()}YAML aliases (*{shown(event.anchor)}) are not "
                "used in a register; write each value out in full",
            )
        elif kind is yaml.DocumentStartEvent:
            self.documents += 1
            if self.documents > 1:
                raise Refused(
                    event.start_mark.line + 1,
                    "a register is one YAML document; a second one starts here",
                )

    def _too_many(self, line: int) -> None:
        raise Refused(
            line,
            f"more than {MAX_VALUES:,} values (fields, words and list items); a register "
            "is far smaller, so the rest of the file was not read",
        )

    def _note(self, line: int, message: str) -> None:
        if len(self.problems) >= MAX_NOTED:
            raise Refused(line, f"more than {MAX_NOTED:,} such problems; fix these first")
        self.problems.append((line, message))

    def _scalar(self, event) -> None:
        line = event.start_mark.line + 1
        self.values += 1
        if self.values > MAX_VALUES:
            self._too_many(line)
        if event.anchor is not None or event.tag is not None:
            self._refuse_anchor_and_tag(event, line)
        entry = self.stack[-1] if self.stack else None
        if entry is not None and entry[1] is None and type(entry[0]) is Mapping:
            entry[1], entry[2] = event.value, line  # a key: always the text written
        else:
            self._value(_scalar(event), line, event.value)

    def _start(self, event) -> None:
        line = event.start_mark.line + 1
        self.values += 1
        if self.values > MAX_VALUES:
            self._too_many(line)
        if event.anchor is not None or event.tag is not None:
            self._refuse_anchor_and_tag(event, line)
        if len(self.stack) >= MAX_DEPTH:
            raise Refused(
                line,
                f"{self._where()}nested more than {MAX_DEPTH} levels deep; "
                "a register needs no more than 6",
            )
        if event.__class__ is yaml.MappingStartEvent:
            node = Mapping()
            node.key_lines, node.raw = {}, {}
        else:
            node = Sequence()
        node.line = line
        self.stack.append([node, None, 0])

    def _refuse_anchor_and_tag(self, event, line: int) -> None:
        if event.anchor is not None:
            raise Refused(
                line,
                f"{self._where()}YAML anchors (&{shown(event.anchor)}) are not "
                "used in a register; write each value out in full",
            )
        if event.tag not in _PLAIN_TAGS[type(event)]:
            tag = event.tag.replace("tag:yaml.org,2002:", "!!")
            self._note(
                line,
                f"{self._where()}YAML tags such as {shown(tag)} are not "
                "used in a register; write the value without it",
            )

    def _where(self) -> str:
        """The field being read, in the words of a message: "'minute': "."""
        for container, key, _line in reversed(self.stack):
            if type(container) is Mapping and key is not None and key is not _SKIP:
                return f"'{shown(key)}': "
        return ""

    def _value(self, value, line: int, raw: str | None) -> None:
        """Add a finished value (a scalar, or a list or mapping just closed) where it goes."""
        if not self.stack:
            self.top, self.top_line = value, line
            return
        entry = self.stack[-1]
        container, key, key_line = entry
        if type(container) is Sequence:
            container.append(value)
            if raw is not None:
                self.texts.append((line, raw))
            return
        if key is None:  # a list or mapping where a field name belongs
            self._note(line, "a field name must be a plain word, not a list or mapping")
            entry[1], entry[2] = _SKIP, line
            return
        entry[1] = None
        if key is _SKIP:
            return
        if key in container:
            first = container.key_lines[key]
            self._note(
                key_line, f"'{shown(key)}' is given twice in this mapping (first on line {first})"
            )
        container[key] = value
        container.key_lines[key] = key_line
        if raw is not None:
            container.raw[key] = raw
            self.texts.append((line, raw))


_SKIP = object()  # the key of an entry whose key was refused


def _scalar(event):
    """A scalar as the register reads it: None, True/False, a date or datetime, or text.
    Numbers stay the text written: no register field is a number."""
    if event.tag in ("!", _STR) or (event.tag is None and not event.implicit[0]):
        return event.value  # quoted, a block scalar, or tagged as text
    # Plain, or with a refused tag: read as if it were untagged and plain.
    tag = _RESOLVER.resolve(yaml.ScalarNode, event.value, (True, False))
    node = yaml.ScalarNode(tag, event.value)
    try:
        if tag == "tag:yaml.org,2002:null":
            return None
        if tag == "tag:yaml.org,2002:bool":
            return _CONSTRUCTOR.construct_yaml_bool(node)
        if tag == "tag:yaml.org,2002:timestamp":
            return _CONSTRUCTOR.construct_yaml_timestamp(node)
    except (ValueError, OverflowError):
        pass  # 2026-02-30: kept as written, and the date field says it is no date
    return event.value
