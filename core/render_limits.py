"""Bounds on rendering, so that no text can hold a worker.

Python-Markdown handles some shapes of input in quadratic time or worse: brackets
nested or left open (each `[` scans ahead for its `]`), long runs of emphasis marks
or backticks in one paragraph, paragraphs of hundreds of lines (each rule or heading
splits the rest again), and it recurses once per level of lists nested on one line.
So a text is refused before rendering when one linear pass finds such a shape, and
the rendering itself stops at a CPU-time budget, for any shape this pass misses.
The limits leave the longest real guide (25,000 characters) far inside them.
"""

import re
import time

from django.core.exceptions import ValidationError

MAX_CHARS = 100_000
MAX_LINES = 2_000  # each line can be an element, and each element costs its share
MAX_NESTING = 32  # brackets or parentheses open at once in a paragraph
MAX_CONTAINERS = 8  # list items, quotes and indents of 4 opened on one line
MAX_CONTAINERS_TOTAL = 1_000  # the same, over the whole text: each is parsed again
MAX_PARAGRAPH_LINES = 300
MAX_PARAGRAPH_MARKUP = 400  # characters that start inline markup, in one paragraph
MAX_MARKUP = 2_000  # the same, in the whole text (the longest real guide has 198)
MAX_OPEN_TAGS = 32  # a `<` that starts a tag with no `>` after it on its line
TIME_BUDGET = 1.0  # seconds of this thread's CPU time, so load elsewhere does not count

TOO_SLOW = (
    f"This text takes too long to render (over {TIME_BUDGET:g} s). Look for long runs of "
    "brackets, parentheses, backticks or * and _ marks, and break them up."
)
TOO_DEEP = "This text nests lists, quotes or emphasis too deeply to render; flatten it."

# A line that ends a paragraph: empty, or empty inside a quote.
_BLANK = re.compile(r"[ \t>]*")
_CONTAINER = r"[ \t]*(?:>|[-*+][ \t]|\d{1,9}[.)][ \t])"
_CONTAINER_RUN = re.compile(f"(?:{_CONTAINER})+")
_ONE_CONTAINER = re.compile(_CONTAINER)
_MARKUP = re.compile(r"[\[\]()<`*_!&\\]")
_TAG_START = re.compile(r"<[A-Za-z!/?]")
_OPENERS = {"[": "Square brackets", "(": "Parentheses"}
_CLOSERS = {"]": "[", ")": "("}


class Unrenderable(ValidationError):
    """A text the renderer refuses: too long, a shape it handles too slowly, or over budget."""


def problems(text):
    """Why rendering text could run away, as messages naming where; [] if it cannot."""
    if len(text) > MAX_CHARS:
        return [f"The text is {len(text):,} characters; the limit is {MAX_CHARS:,}."]
    lines = text.split("\n")
    if len(lines) > MAX_LINES:
        return [f"The text has {len(lines):,} lines; the limit is {MAX_LINES:,}."]
    found, open_tags, containers = [], 0, 0
    paragraph = _Paragraph(1)
    for number, line in enumerate(lines, 1):
        # The HTML parser scans from each unclosed tag to the end of the text.
        open_here = len(_TAG_START.findall(line, line.rfind(">") + 1))
        if open_tags <= MAX_OPEN_TAGS < open_tags + open_here:
            found.append(
                f"More than {MAX_OPEN_TAGS} HTML tags are left open (a < without a > after "
                f"it on its line), the last on line {number}."
            )
        open_tags += open_here
        if _BLANK.fullmatch(line):
            paragraph = _Paragraph(number + 1)
            continue
        here = _containers(line)
        if here > MAX_CONTAINERS:
            found.append(
                f"Lists and quotes are nested or indented more than {MAX_CONTAINERS} deep "
                f"on line {number}."
            )
        if containers <= MAX_CONTAINERS_TOTAL < containers + here:
            found.append(
                f"The text has more than {MAX_CONTAINERS_TOTAL:,} list items and quote levels, "
                f"the last on line {number}."
            )
        containers += here
        found += paragraph.add(line, number)
        if len(found) >= 3:
            return found  # enough to fix first
    if (markup := len(_MARKUP.findall(text))) > MAX_MARKUP:
        found.append(
            f"The text has {markup:,} markup characters ([ ] ( ) < ` * _ ! & \\); "
            f"the limit is {MAX_MARKUP:,}."
        )
    return found


class _Paragraph:
    """Counts, over one paragraph's lines, what makes Python-Markdown slow."""

    def __init__(self, start):
        self.start, self.markup = start, 0
        self.depth = dict.fromkeys(_OPENERS, 0)

    def add(self, line, number):
        found = []
        if number - self.start == MAX_PARAGRAPH_LINES:
            found.append(
                f"The paragraph starting on line {self.start} runs for more than "
                f"{MAX_PARAGRAPH_LINES} lines; separate it with blank lines."
            )
        for mark in _MARKUP.findall(line):
            self.markup += 1
            if self.markup == MAX_PARAGRAPH_MARKUP + 1:
                found.append(
                    f"The paragraph starting on line {self.start} has more than "
                    f"{MAX_PARAGRAPH_MARKUP} markup characters ([ ] ( ) < ` * _ ! & \\); "
                    "break it into shorter paragraphs."
                )
            if mark in _OPENERS:
                self.depth[mark] += 1
                if self.depth[mark] == MAX_NESTING + 1:
                    found.append(
                        f"{_OPENERS[mark]} are nested or left open more than {MAX_NESTING} "
                        f"deep near line {number}."
                    )
            elif mark in _CLOSERS:
                opener = _CLOSERS[mark]
                self.depth[opener] = max(0, self.depth[opener] - 1)
        return found


def _containers(line):
    """How deep a line nests: its list and quote markers, and each 4 columns of indent
    (how Python-Markdown nests lists; every level parses the indented text again)."""
    run = _CONTAINER_RUN.match(line)
    markers = len(_ONE_CONTAINER.findall(run.group())) if run else 0
    indent = len(line) - len(line.lstrip(" \t"))
    return markers + len(line[:indent].expandtabs(4)) // 4


def convert(md, text):
    """md.convert(text), refused if the text is out of bounds, stopped past the budget.

    Raises Unrenderable with the messages for the editor.
    """
    if found := problems(text):
        raise Unrenderable(found)
    deadline = time.thread_time() + TIME_BUDGET

    def within_budget():
        if time.thread_time() > deadline:
            raise Unrenderable(TOO_SLOW)

    # Every inline pattern's search and every block test passes through here, so no
    # loop of the parser runs long without a look at the clock.
    for pattern in md.inlinePatterns:
        pattern.getCompiledRegExp = _checked(pattern.getCompiledRegExp, within_budget)
    for processor in md.parser.blockprocessors:
        processor.test = _checked(processor.test, within_budget)
    try:
        return md.convert(text)
    except RecursionError:
        raise Unrenderable(TOO_DEEP) from None


def _checked(method, check):
    def checked(*args):
        check()
        return method(*args)

    return checked
