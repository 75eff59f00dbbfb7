"""Search on PostgreSQL: each row's stored, weighted tsvector (core.search_fields),
websearch syntax, ts_rank and ts_headline; pg_trgm for words readers may have meant."""

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db import connection
from django.db.models import F, TextField, Value
from django.db.models.functions import Concat

from core.markup import MATCH_END, MATCH_START
from core.search_fields import CONFIG

SIMILAR_ENOUGH = 0.4  # pg_trgm similarity: "anxius" ~ "anxious" (0.5)


def tsquery(query):
    return SearchQuery(query.text, search_type="websearch", config=CONFIG)


def ranked(sources, query, limit):
    """(source number, pk, score) of the best matches, best first."""
    union = None
    for number, source in enumerate(sources):
        matches = (
            source.queryset()
            .filter(search_vector=tsquery(query))
            .order_by()
            .annotate(
                source=Value(number),
                item=F("pk"),
                score=SearchRank(F("search_vector"), tsquery(query)) * Value(source.prior),
            )
            .values_list("source", "item", "score")
        )
        union = matches if union is None else union.union(matches, all=True)
    return list(union.order_by("-score", "source", "-item")[:limit])


def with_marked_text(queryset, source, query):
    """The queryset with `marked`: its snippet fields' best fragments, matches marked."""
    text = [F(name) for name in source.snippet_fields]
    if len(text) > 1:
        spaced = [text[0]]
        for expression in text[1:]:
            spaced += [Value(" "), expression]
        text = [Concat(*spaced, output_field=TextField())]
    return queryset.annotate(
        marked=SearchHeadline(
            *text,
            tsquery(query),
            config=CONFIG,
            start_sel=MATCH_START,
            stop_sel=MATCH_END,
            max_words=40,
            min_words=20,
            max_fragments=2,
            fragment_delimiter=" … ",
        )
    )


def closest_word(word, sources):
    """The indexed word (an English stem) most like `word`'s stem, by trigram similarity."""
    vectors = " UNION ALL ".join(
        f"SELECT search_vector FROM {source.model._meta.db_table}" for source in sources
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "WITH typed AS (SELECT array_to_string(tsvector_to_array(to_tsvector(%s, %s)), ' ')"
            " AS stem) SELECT word FROM ts_stat(%s), typed WHERE similarity(word, stem) >= %s "
            "ORDER BY similarity(word, stem) DESC, ndoc DESC LIMIT 1",
            [CONFIG, word, vectors, SIMILAR_ENOUGH],
        )
        row = cursor.fetchone()
    return row[0] if row else None
