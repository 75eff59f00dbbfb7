"""One content file: its front matter (YAML, read with python-frontmatter), its body,
its fingerprint, and the file format's own structural rules (known keys, value types).

Files come from people and tools outside the site, so reading refuses, with the
file's name, whatever could hang, exhaust or crash the import: files that are not
plain files inside the content folder, oversized files, YAML aliases and deep
nesting, and characters no database stores. Messages show values shortened.
"""

import hashlib
import re
import reprlib
import stat
from dataclasses import dataclass
from pathlib import Path

import frontmatter
import yaml
from django.utils.text import slugify

# Far above the longest real file (about 25 KB), low enough that one file cannot
# keep the import (pure-Python YAML, markdown) busy for long.
MAX_FILE_BYTES = 1_000_000
# The format nests four levels (comparison: rows: - {modality: ...}); YAML's
# composer recurses once per level, so thousands of levels would crash it.
MAX_DEPTH = 20
# Keys and values in one file's front matter (the longest real one has about 250):
# pure-Python YAML takes long enough per value that a 1 MB list would take a minute.
MAX_VALUES = 5_000
# Longest text of a problem; values in it are shortened further by shown().
MAX_PROBLEM_CHARS = 1_000

# NUL cannot be stored in PostgreSQL text; a lone surrogate (from a YAML escape such
# as "\ud800") is not a character at all and cannot be encoded.
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")

_SHORT = reprlib.Repr()
_SHORT.maxstring = _SHORT.maxother = _SHORT.maxlong = 80
_SHORT.maxlist = _SHORT.maxtuple = _SHORT.maxdict = _SHORT.maxset = 5
_SHORT.maxlevel = 3


def shown(value):
    """A value as a message quotes it (its repr), at most about 80 characters long."""
    return _SHORT.repr(value)


def _shortened(text, limit):
    return text if len(text) <= limit else text[: limit - 1] + "…"


# YAMLHandler finds and splits front matter; _Loader below reads it.
_YAML = frontmatter.YAMLHandler()


class _Refused(yaml.MarkedYAMLError):
    """Valid YAML that content files may not use."""


class _Loader(yaml.SafeLoader):
    """yaml.SafeLoader (plain values only, never Python objects) that also refuses
    anchors and aliases (a "billion laughs" multiplies a small file into millions of
    values), nesting deeper than MAX_DEPTH, more than MAX_VALUES values, and a key
    given twice (the last one silently won)."""

    depth = 0
    values = 0

    def compose_node(self, parent, index):
        event = self.peek_event()
        if event.anchor is not None:
            sign = "*" if isinstance(event, yaml.AliasEvent) else "&"
            raise _Refused(
                problem=f"uses YAML anchors or aliases ({sign}{_shortened(event.anchor, 40)}), "
                "which content files may not use",
                problem_mark=event.start_mark,
            )
        if self.depth >= MAX_DEPTH:
            raise _Refused(
                problem=f"is nested more than {MAX_DEPTH} levels deep",
                problem_mark=event.start_mark,
            )
        self.values += 1
        if self.values > MAX_VALUES:
            raise _Refused(
                problem=f"holds more than {MAX_VALUES:,} values", problem_mark=event.start_mark
            )
        self.depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1

    def construct_mapping(self, node, deep=False):
        seen = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            try:
                repeated = key in seen
            except TypeError:
                continue  # an unhashable key (a list, a mapping): SafeConstructor refuses it
            if repeated:
                raise _Refused(
                    problem=f"has a duplicate key {shown(key)}", problem_mark=key_node.start_mark
                )
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


class ContentError(Exception):
    """A problem in one content file; the message names the file."""

    def __init__(self, path, problem):
        super().__init__(f"{path}: {_shortened(problem, MAX_PROBLEM_CHARS)}")


def fingerprint(data):
    """The sha256 of a file's bytes, as recorded for each imported object."""
    return hashlib.sha256(data).hexdigest()


@dataclass
class ContentFile:
    path: Path  # as found under the folder given to the import
    relative: str  # the path relative to that folder, e.g. "articles/guide.md"
    fingerprint: str
    meta: dict
    body: str

    def problem(self, message):
        return ContentError(self.path, message)

    def text(self, data, key, where="", required=False, default=""):
        """A text value. Most required fields are the models' to enforce; `required`
        is for what only the file format needs (a comparison's caption, say)."""
        value = data.get(key)
        if value is None or value == "":
            if required:
                raise self.problem(f"{where}'{key}' is required")
            return default
        if not isinstance(value, (str, int, float)) or isinstance(value, bool):
            raise self.problem(f"{where}'{key}' must be text")
        return str(value).strip()

    def mapping(self, data, key, allowed, where=""):
        value = data.get(key)
        if value is None:
            return None
        if not isinstance(value, dict):
            raise self.problem(f"{where}'{key}' must be a mapping of fields")
        self.check_keys(value, allowed, f"{where}{key}: ")
        return value

    def sequence(self, data, key, where=""):
        value = data.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            raise self.problem(f"{where}'{key}' must be a list")
        return value

    def records(self, items, keys, label):
        """A list of mappings that may each hold `keys`, all as text."""
        records = []
        for number, item in enumerate(items, 1):
            where = f"{label} {number}: "
            if not isinstance(item, dict):
                raise self.problem(f"{where}must be a mapping of {', '.join(sorted(keys))}")
            self.check_keys(item, keys, where)
            records.append({key: self.text(item, key, where) for key in sorted(keys)})
        return records

    def check_keys(self, data, allowed, where=""):
        unknown = sorted(set(data) - allowed)
        if unknown:
            raise self.problem(f"{where}unknown key(s) {', '.join(map(shown, unknown))}")

    def whole_number(self, data, key, default, where=""):
        value = data.get(key, default)
        if not isinstance(value, int) or isinstance(value, bool):
            raise self.problem(f"{where}'{key}' must be a whole number")
        return value

    def flag(self, data, key, where=""):
        """A yes/no value: true or false in the file, false when left out."""
        value = data.get(key, False)
        if not isinstance(value, bool):
            raise self.problem(f"{where}'{key}' must be true or false, not {shown(value)}")
        return value

    def slug(self):
        slug = self.text(self.meta, "slug") or self.path.stem
        if slug != slugify(slug):
            raise self.problem(
                f"slug {shown(slug)} may only hold lowercase letters, digits and hyphens"
            )
        return slug

    def slugs(self, key, noun):
        """A list of slugs (e.g. 'topics'), each named once."""
        slugs = self.sequence(self.meta, key)
        for slug in slugs:
            if not isinstance(slug, str) or slug != slugify(slug) or not slug:
                raise self.problem(f"'{key}' must list {noun} slugs, not {shown(slug)}")
        if twice := [slug for slug in slugs if slugs.count(slug) > 1]:
            raise self.problem(f"'{key}' names {noun} {shown(twice[0])} more than once")
        return slugs


def read(path, root):
    """Split one file into front matter and body, or refuse it with a ContentError."""
    data = _read_bytes(path, root)
    if not data:
        raise ContentError(path, "is empty")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise ContentError(path, "is not valid UTF-8") from None
    if (nul := text.find("\x00")) >= 0:
        line = text.count("\n", 0, nul) + 1
        raise ContentError(path, f"line {line} {_unstorable(text[nul])}")
    if not _YAML.detect(text):
        raise ContentError(path, "must start with a '---' line opening the front matter")
    try:
        front, body = _YAML.split(text)
    except ValueError:
        raise ContentError(path, "front matter is not closed by a '---' line") from None
    meta = _front_matter(path, front)
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        raise ContentError(path, "front matter must be a mapping of keys to values")
    _check_characters(path, meta)
    return ContentFile(
        path=path,
        relative=path.relative_to(root).as_posix(),
        fingerprint=fingerprint(data),
        meta=meta,
        body=body.strip() + "\n",
    )


def read_picture(path, root, limit):
    """An image file's bytes, read by the rules of any content file (a plain file inside
    root), up to limit + 1 bytes so the upload checks can name an oversize file."""
    return _read_bytes(path, root, limit, refuse_larger=False)


def _read_bytes(path, root, limit=MAX_FILE_BYTES, refuse_larger=True):
    """The file's bytes: a plain file inside root, at most limit."""
    try:
        info = path.stat()  # follows links; a loop or a link to nothing fails here
    except OSError as error:
        raise ContentError(path, f"cannot be read: {error.strerror}") from None
    if stat.S_ISDIR(info.st_mode):
        raise ContentError(path, "is a folder, not a file")
    if not stat.S_ISREG(info.st_mode):  # a pipe or a device could block or never end
        raise ContentError(path, "is not a regular file")
    if not path.resolve().is_relative_to(Path(root).resolve()):
        raise ContentError(
            path, "is a link to a file outside the content folder; copy the file in instead"
        )
    with path.open("rb") as file:
        data = file.read(limit + 1)  # not more, even if the file grew since
    if refuse_larger and len(data) > limit:
        raise ContentError(
            path, f"is larger than {MAX_FILE_BYTES // 1_000_000} MB, the limit for a content file"
        )
    return data


def _front_matter(path, front):
    try:
        return yaml.load(front, Loader=_Loader)  # noqa: S506 (_Loader is a SafeLoader)
    except yaml.YAMLError as error:
        # `front` starts on the file's first line (after its '---'), so lines count alike.
        mark = getattr(error, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark else ""
        if isinstance(error, _Refused):
            raise ContentError(path, f"front matter{where} {error.problem}") from None
        problem = getattr(error, "problem", None) or "cannot be parsed"
        if isinstance(error, yaml.reader.ReaderError):  # raised before any line is counted
            problem = f"U+{error.character:04X} is a control character YAML does not allow"
        raise ContentError(path, f"invalid YAML in front matter{where}: {problem}") from None
    except ValueError as error:  # a well-formed but impossible value, e.g. 2026-13-45
        raise ContentError(path, f"invalid value in front matter: {error}") from None


def _unstorable(character):
    if character == "\x00":
        return "contains U+0000 (NUL), which cannot be stored; remove it"
    return f"contains U+{ord(character):04X}, a lone surrogate that is not a character; remove it"


def _check_characters(path, value, where=""):
    """Refuse NUL and lone surrogates anywhere in the front matter, keys included."""
    if isinstance(value, str):
        if found := _UNSTORABLE.search(value):
            raise ContentError(path, f"{where or 'front matter'} {_unstorable(found.group())}")
    elif isinstance(value, dict):
        for key, item in value.items():
            _check_characters(path, key, f"{where} key".strip())
            _check_characters(path, item, f"{where} {shown(key)}".strip())
    elif isinstance(value, list):
        for number, item in enumerate(value, 1):
            _check_characters(path, item, f"{where} item {number}")
