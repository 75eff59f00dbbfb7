"""Site search over published articles, therapy pages and FAQ answers.

PostgreSQL: websearch_to_tsquery against each model's stored, weighted
tsvector (title above summary above body), ts_rank ordering and ts_headline
snippets. Other databases: every word must appear in one of the same fields
(case-insensitively for ASCII), ranked by the weight of the fields it appears
in, with snippets cut in Python; no stemming. The interface is the same.
"""

import re
import unicodedata
from dataclasses import dataclass

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.core.paginator import Paginator
from django.db.models import Case, F, FloatField, Q, TextField, Value, When
from django.db.models.functions import Concat

from articles.models import Article
from core.markup import MATCH_END, MATCH_START, highlight
from core.search_fields import CONFIG, is_postgresql
from faqs.models import FAQ
from modalities.models import Modality

MIN_LENGTH = 2
MAX_LENGTH = 200
MAX_TERMS = 10  # the fallback's query grows with the number of words
PAGE_SIZE = 10
SNIPPET_CHARS = 240
FALLBACK_WEIGHTS = {"A": 8.0, "B": 4.0, "C": 2.0, "D": 1.0}
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
    model: type
    title_field: str
    snippet_fields: tuple

    def queryset(self):
        if self.model is Article:
            return Article.objects.published()
        if self.model is FAQ:
            return FAQ.objects.filter(article__in=Article.objects.published())
        return self.model.objects.all()


SOURCES = (
    Source("Guide", Article, "title", ("summary", "body_text")),
    Source("Therapy", Modality, "name", ("summary", "body_text")),
    Source("Question", FAQ, "question", ("answer_text",)),
)


@dataclass(frozen=True)
class Result:
    kind: str
    title: str
    url: str
    snippet: str  # safe HTML: escaped text with <mark> around matches
    context: str = ""  # for a question: the guide it belongs to


def search(query, page_number=1):
    """A page of results for a usable Query: (page, results on it)."""
    postgres = is_postgresql()
    ranked = None
    for number, source in enumerate(SOURCES):
        matches = _matching(source, query, postgres).order_by()
        matches = matches.annotate(source=Value(number), item=F("pk")).values_list(
            "source", "item", "rank"
        )
        ranked = matches if ranked is None else ranked.union(matches, all=True)
    page = Paginator(ranked.order_by("-rank", "source", "-item"), PAGE_SIZE).get_page(page_number)
    wanted = {}
    for number, pk, _rank in page.object_list:
        wanted.setdefault(number, []).append(pk)
    found = {}
    for number, pks in wanted.items():
        for obj in _with_snippets(SOURCES[number], query, postgres, pks):
            found[number, obj.pk] = _result(SOURCES[number], obj, query, postgres)
    # A row deleted between the two queries (an import replacing FAQs) is left out.
    results = (found.get((number, pk)) for number, pk, _rank in page.object_list)
    return page, [result for result in results if result is not None]


def _pg_query(query):
    return SearchQuery(query.text, search_type="websearch", config=CONFIG)


def _matching(source, query, postgres):
    queryset = source.queryset()
    if postgres:
        tsquery = _pg_query(query)
        return queryset.filter(search_vector=tsquery).annotate(
            rank=SearchRank(F("search_vector"), tsquery)
        )
    weights = source.model.SEARCH_WEIGHTS
    rank = Value(0.0)
    for term in query.excluded:
        queryset = queryset.exclude(_any_field_contains(weights, term))
    for term in query.terms:
        queryset = queryset.filter(_any_field_contains(weights, term))
        for name, weight in weights.items():
            rank = rank + Case(
                When(**{f"{name}__icontains": term}, then=Value(FALLBACK_WEIGHTS[weight])),
                default=Value(0.0),
                output_field=FloatField(),
            )
    return queryset.annotate(rank=rank)


def _any_field_contains(fields, term):
    condition = Q()
    for name in fields:
        condition |= Q(**{f"{name}__icontains": term})
    return condition


def _with_snippets(source, query, postgres, pks):
    fields = [source.title_field, *source.snippet_fields]
    queryset = source.model.objects.filter(pk__in=pks)
    if source.model is FAQ:
        queryset = queryset.select_related("article")
        fields += ["article__title", "article__slug"]
    else:
        fields += ["slug", "short_name"] if source.model is Modality else ["slug"]
    queryset = queryset.defer(None).only(*fields)  # replaces the manager's defer()
    if postgres:
        text = [F(name) for name in source.snippet_fields]
        if len(text) > 1:
            text = [Concat(*_spaced(text), output_field=TextField())]
        queryset = queryset.annotate(
            marked=SearchHeadline(
                *text,
                _pg_query(query),
                config=CONFIG,
                start_sel=MATCH_START,
                stop_sel=MATCH_END,
                max_words=40,
                min_words=20,
                max_fragments=2,
                fragment_delimiter=" … ",
            )
        )
    return queryset


def _spaced(expressions):
    spaced = [expressions[0]]
    for expression in expressions[1:]:
        spaced += [Value(" "), expression]
    return spaced


def _result(source, obj, query, postgres):
    if postgres:
        marked = obj.marked
    else:
        text = " ".join(getattr(obj, name) for name in source.snippet_fields)
        marked = marked_snippet(text, query.terms)
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


def marked_snippet(text, terms, width=SNIPPET_CHARS):
    """A window of text around the first match, with every match marked."""
    if not terms:
        return text[:width]
    pattern = re.compile(
        "|".join(re.escape(term) for term in sorted(terms, key=len, reverse=True)), re.IGNORECASE
    )
    first = pattern.search(text)
    start = 0 if first is None else max(0, first.start() - width // 3)
    if start:
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < first.start() else start
    end = min(len(text), start + width)
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start else end
    window = pattern.sub(lambda m: f"{MATCH_START}{m.group(0)}{MATCH_END}", text[start:end])
    return ("… " if start else "") + window + (" …" if end < len(text) else "")
