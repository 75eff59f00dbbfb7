"""One content file: its front matter (YAML, read with python-frontmatter), its body,
its fingerprint, and the file format's own structural rules (known keys, value types)."""

import hashlib
from dataclasses import dataclass
from pathlib import Path

import frontmatter
import yaml
from django.utils.text import slugify

# YAMLHandler loads with yaml.SafeLoader: plain values only, never Python objects.
_YAML = frontmatter.YAMLHandler()


class ContentError(Exception):
    """A problem in one content file; the message names the file."""

    def __init__(self, path, problem):
        super().__init__(f"{path}: {problem}")


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
            raise self.problem(f"{where}unknown key(s) {', '.join(map(repr, unknown))}")

    def whole_number(self, data, key, default, where=""):
        value = data.get(key, default)
        if not isinstance(value, int) or isinstance(value, bool):
            raise self.problem(f"{where}'{key}' must be a whole number")
        return value

    def slug(self):
        slug = self.text(self.meta, "slug") or self.path.stem
        if slug != slugify(slug):
            raise self.problem(f"slug {slug!r} may only hold lowercase letters, digits and hyphens")
        return slug

    def slugs(self, key, noun):
        """A list of slugs (e.g. 'topics'), each named once."""
        slugs = self.sequence(self.meta, key)
        for slug in slugs:
            if not isinstance(slug, str) or slug != slugify(slug) or not slug:
                raise self.problem(f"'{key}' must list {noun} slugs, not {slug!r}")
        if twice := [slug for slug in slugs if slugs.count(slug) > 1]:
            raise self.problem(f"'{key}' names {noun} {twice[0]!r} more than once")
        return slugs


def read(path, root):
    """Split one file into front matter and body."""
    data = path.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise ContentError(path, "is not valid UTF-8") from None
    if not _YAML.detect(text):
        raise ContentError(path, "must start with a '---' line opening the front matter")
    try:
        front, body = _YAML.split(text)
    except ValueError:
        raise ContentError(path, "front matter is not closed by a '---' line") from None
    try:
        meta = _YAML.load(front)
    except yaml.YAMLError as error:
        # `front` starts on the file's first line (after its '---'), so lines count alike.
        mark = getattr(error, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark else ""
        problem = getattr(error, "problem", None) or "cannot be parsed"
        raise ContentError(path, f"invalid YAML in front matter{where}: {problem}") from None
    except ValueError as error:  # a well-formed but impossible value, e.g. 2026-13-45
        raise ContentError(path, f"invalid value in front matter: {error}") from None
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        raise ContentError(path, "front matter must be a mapping of keys to values")
    return ContentFile(
        path=path,
        relative=path.relative_to(root).as_posix(),
        fingerprint=fingerprint(data),
        meta=meta,
        body=body.strip() + "\n",
    )
