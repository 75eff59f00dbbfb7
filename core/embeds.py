"""The embed-marker grammar: one parser for the renderer, the checks and the preview.

An embed is a line holding only a marker such as [[checklist]]; spaces inside the
brackets and capitals are forgiven, so `[[ Checklist ]]` places the checklist too.
Some kinds name what they place after a colon: [[image:pursue-withdraw-cycle]].
"""

import re

# A marker line in markdown source: [[ name ]] alone on its line.
_SOURCE_LINE = re.compile(r"^[ \t]*\[\[[ \t]*([^\]\n]*?)[ \t]*\]\][ \t]*$", re.MULTILINE)
# A canonical marker as the renderer leaves it in stored HTML.
HTML_MARKER = re.compile(r"<p>\[\[([a-z_]+(?::[a-z0-9_-]+)?)\]\]</p>")


def markers(text):
    """The marker names a markdown source places, in order, as the renderer reads them."""
    return [name.lower() for name in _SOURCE_LINE.findall(text or "")]


def canonical(text):
    """The source with every marker line written as [[name]], so the HTML marker is exact."""
    return _SOURCE_LINE.sub(lambda m: f"[[{m.group(1).lower()}]]", text or "")


def parse(name):
    """A marker name split into its kind and what it names: "image:x" -> ("image", "x")."""
    kind, _, arg = name.partition(":")
    return kind.strip(), arg.strip()
