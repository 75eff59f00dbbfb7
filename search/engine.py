"""Site search over published articles, therapy pages and FAQ answers.

Both databases stem English words and rank by field weight (title above summary
above body): PostgreSQL with its stored tsvectors (postgres_fts), SQLite with FTS5
(sqlite_fts). Results are grouped by kind on the page; a query that finds nothing
is tried again with the closest indexed words ("Did you mean").
"""

import difflib
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field, replace

from django.core.paginator import Paginator
from django.utils.html import strip_tags

from articles.models import Article
from core.markup import MATCH_START, highlight
from core.search_fields import is_postgresql
from faqs.models import FAQ
from modalities.models import Modality

from . import postgres_fts, sqlite_fts

MIN_LENGTH = 2
MAX_LENGTH = 200
MAX_TERMS = 10
MAX_MATCHES = 500  # ranked in one query; more would not be read
MAX_CORRECTED = 3  # words a "did you mean" looks up
PAGE_SIZE = 10
SNIPPET_CHARS = 240
# Control, format (zero-width, bidi overrides), surrogate, private-use and
# unassigned characters carry no search meaning and some break databases (NUL).
_DROPPED_CATEGORIES = {"Cc", "Cf", "Cs", "Co", "Cn"}
_TOKEN = re.compile(r'"([^"]+)"|(-?)([^\s"]+)')


@dataclass(frozen=True)
class Query:
    text: str = ""
    problem: str = ""  # "empty", "short", "nowords"; set when there is nothing to search for
    shortened: bool = False

    @property
    def terms(self):
        """Words and "quoted phrases" to find, as the fallback and snippets use them."""
        return [term for term, excluded in self._parts() if not excluded][:MAX_TERMS]

    @property
    def excluded(self):
        """-words to leave out, as in web search syntax."""
        return [term for term, excluded in self._parts() if excluded][:MAX_TERMS]

    def _parts(self):
        for phrase, minus, word in _TOKEN.findall(self.text):
            words = re.findall(r"\w+", phrase or word)
            if words:
                yield " ".join(words), bool(minus) and not phrase


def clean_query(raw):
    """The text to search for, made safe for every database, and why not if unusable."""
    text = unicodedata.normalize("NFKC", raw or "")
    text = "".join(c for c in text if unicodedata.category(c) not in _DROPPED_CATEGORIES)
    text = " ".join(text.split())
    shortened = len(text) > MAX_LENGTH
    if shortened:
        cut = text[: MAX_LENGTH + 1]
        text = cut.rsplit(" ", 1)[0] if " " in cut else cut[:MAX_LENGTH]
    if not text:
        return Query(problem="empty")
    if len(text) < MIN_LENGTH:
        return Query(text=text, problem="short")
    query = Query(text=text, shortened=shortened)
    if not query.terms:  # only punctuation, quotes or -exclusions: nothing to look for
        return Query(text=text, problem="nowords")
    return query


@dataclass(frozen=True)
class Source:
    """One kind of result: where it comes from and how it is shown."""

    kind: str
    plural: str
    model: type
    title_field: str
    snippet_fields: tuple
    # A question is part of a guide, and short texts score high: the guide or
    # therapy page, the fuller answer, comes before it for the same words.
    prior: float = 1.0

    @property
    def slug(self):
        return self.plural.lower()

    @property
    def snippet_weights(self):
        return sorted({self.model.SEARCH_WEIGHTS[name] for name in self.snippet_fields})

    def queryset(self):
        if self.model is Article:
            return Article.objects.published()
        if self.model is FAQ:
            return FAQ.objects.filter(article__in=Article.objects.published())
        return self.model.objects.all()


SOURCES = (
    Source("Guide", "Guides", Article, "title", ("summary", "body_text")),
    Source("Therapy", "Therapies", Modality, "name", ("summary", "body_text")),
    Source("Question", "Questions", FAQ, "question", ("answer_text",), prior=0.5),
)
KINDS = {source.slug: source for source in SOURCES}


@dataclass(frozen=True)
class Result:
    kind: str
    title: str
    url: str
    snippet: str  # safe HTML: escaped text with <mark> around matches
    context: str = ""  # for a question: the guide it belongs to


@dataclass(frozen=True)
class Group:
    """The results of one kind on a page, and how many there are on every page."""

    source: Source
    total: int
    results: list


@dataclass
class Found:
    query: "Query"  # what was searched for: the reader's words, or the correction
    page: object  # a Paginator page of (source number, pk, score)
    groups: list  # Group, in the order of each kind's best result on this page
    counts: list = field(default_factory=list)  # (Source, count) of every kind found
    corrected: bool = False  # nothing matched the reader's words; `query` is the suggestion

    @property
    def total(self):
        return sum(count for _source, count in self.counts)


def search(query, page_number=1, kind=None):
    """A page of results for a usable Query, grouped by kind; `kind` keeps one kind."""
    typed, matches, corrected = query, _ranked(query), False
    if not matches:
        suggestion = _suggestion(query)
        if suggestion is not None:
            query, matches, corrected = suggestion, _ranked(suggestion), True
    per_kind = Counter(number for number, _pk, _score in matches)
    counts = [(source, per_kind[n]) for n, source in enumerate(SOURCES) if per_kind[n]]
    if kind in KINDS:
        wanted = SOURCES.index(KINDS[kind])
        matches = [match for match in matches if match[0] == wanted]
    page = Paginator(matches, PAGE_SIZE).get_page(page_number)
    results = _results(query, [(number, pk) for number, pk, _score in page.object_list])
    groups = {}
    for number, pk, _score in page.object_list:
        if (number, pk) in results:  # a row deleted since it was ranked is left out
            group = groups.setdefault(number, Group(SOURCES[number], per_kind[number], []))
            group.results.append(results[number, pk])
    groups = list(groups.values())
    if corrected:
        query = replace(query, text=_as_written(typed.text, query.text, groups))
    return Found(query, page, groups, counts, corrected)


def _ranked(query, limit=MAX_MATCHES):
    backend = postgres_fts if is_postgresql() else sqlite_fts
    return backend.ranked(SOURCES, query, limit)


def _suggestion(query):
    """The query with its unknown words replaced by the closest indexed ones, if that
    finds something (a word only drafts hold finds nothing, so it is never offered)."""
    words = list(dict.fromkeys(re.findall(r"\w+", " ".join(query.terms))))[:MAX_CORRECTED]
    fixes = {}
    for word in words:
        if len(word) < 3 or _ranked(Query(text=word), limit=1):
            continue
        if is_postgresql():
            fix = postgres_fts.closest_word(word, SOURCES)
        else:
            fix = sqlite_fts.closest_word(word)
        if fix and fix != word.casefold() and re.fullmatch(r"\w+", fix):  # one word for one
            fixes[word] = fix
    if not fixes:
        return None
    pattern = re.compile("|".join(rf"\b{re.escape(word)}\b" for word in fixes))
    suggestion = replace(query, text=pattern.sub(lambda m: fixes[m.group(0)], query.text))
    return suggestion if _ranked(suggestion, limit=1) else None


def _as_written(typed, corrected, groups):
    """A correction in the words the results use (PostgreSQL's vocabulary is stems,
    "attach"): for each corrected word, the results' word closest to what was typed."""
    shown = " ".join(f"{result.title} {result.snippet}" for g in groups for result in g.results)
    words = set(re.findall(r"\w+", strip_tags(shown).casefold()))
    written = []
    for before, after in zip(re.findall(r"\w+", typed), re.findall(r"\w+", corrected), strict=True):
        forms = [word for word in words if word.startswith(after[:-1]) and len(word) >= len(after)]
        if before == after or after in words or not forms:
            written.append(after)
        else:
            written.append(difflib.get_close_matches(before, forms, n=1, cutoff=0)[0])
    forms = iter(written)
    return re.sub(r"\w+", lambda _word: next(forms), corrected)  # keeps "quotes" and -words


def _results(query, items):
    """{(source number, pk): Result} for a page's items, one query per kind."""
    postgres = is_postgresql()
    marked = {} if postgres else sqlite_fts.marked_texts(SOURCES, query, items)
    pks_of = {}
    for number, pk in items:
        pks_of.setdefault(number, []).append(pk)
    found = {}
    for number, pks in pks_of.items():
        source = SOURCES[number]
        for obj in _objects(source, query, pks, postgres):
            text = obj.marked if postgres else window(marked.get((number, obj.pk), ""))
            found[number, obj.pk] = _result(source, obj, text)
    return found


def _objects(source, query, pks, postgres):
    fields = [source.title_field, *source.snippet_fields]
    queryset = source.model.objects.filter(pk__in=pks)
    if source.model is FAQ:
        queryset = queryset.select_related("article")
        fields += ["article__title", "article__slug"]
    else:
        fields += ["slug", "short_name"] if source.model is Modality else ["slug"]
    queryset = queryset.defer(None).only(*fields)  # replaces the manager's defer()
    if postgres:
        queryset = postgres_fts.with_marked_text(queryset, source, query)
    return queryset


def _result(source, obj, marked):
    if source.model is FAQ:
        return Result(
            kind=source.kind,
            title=obj.question,
            url=f"{obj.article.get_absolute_url()}#faq-{obj.pk}",
            snippet=highlight(marked),
            context=obj.article.title,
        )
    title = obj.display_name if source.model is Modality else getattr(obj, source.title_field)
    return Result(
        kind=source.kind, title=title, url=obj.get_absolute_url(), snippet=highlight(marked)
    )


def window(marked, width=SNIPPET_CHARS):
    """About `width` characters of marked text around its first match, cut at spaces."""
    first = marked.find(MATCH_START)
    start = max(0, first - width // 3) if first > 0 else 0
    if start:
        space = marked.find(" ", start)
        start = space + 1 if 0 <= space < first else start
    end = min(len(marked), start + width)
    if end < len(marked):
        space = marked.rfind(" ", start, end)
        end = space if space > start else end
    # A mark cut in two loses its other half: highlight() drops a lone sentinel.
    return ("… " if start else "") + marked[start:end] + (" …" if end < len(marked) else "")
