"""Search on SQLite: FTS5 with porter stemming (core.search_fields keeps the index).

Every row of every searchable model is in the one index, so bm25's statistics are
shared and ranks compare across kinds of result. User input reaches FTS5 only as
quoted strings, so its syntax (NEAR, *, :, ^, column filters) is never parsed.
"""

import difflib

from django.db import connection

from core.markup import MATCH_END, MATCH_START
from core.search_fields import FTS_TABLE, FTS_WEIGHTS, WORDS_VOCABULARY, fts_rowids_of

# bm25 weight of each column (a to d): a title above a summary above a body.
COLUMN_WEIGHTS = {"A": 8.0, "B": 4.0, "C": 2.0, "D": 1.0}
CLOSE_ENOUGH = 0.8  # difflib's ratio: "anxius" ~ "anxious" (0.92), "attachmnt" (0.95)


def expression(query):
    """The FTS5 query for a Query: all its words and phrases, none of its -words."""
    text = " ".join(_quoted(term) for term in query.terms)
    return text + "".join(f" NOT {_quoted(term)}" for term in query.excluded)


def _quoted(term):
    return '"' + term.replace('"', '""') + '"'


def ranked(sources, query, limit):
    """(source number, pk, score) of the best matches, best first."""
    weights = ", ".join(str(COLUMN_WEIGHTS[weight]) for weight in FTS_WEIGHTS)
    arms, params = [], []
    for number, source in enumerate(sources):
        first, last = fts_rowids_of(source.model)
        published, published_params = source.queryset().values("pk").query.sql_with_params()
        arms.append(
            f"SELECT {number} AS source, rowid - {first} AS item, "
            f"-bm25({FTS_TABLE}, {weights}) * {source.prior} AS score "
            f"FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s AND rowid BETWEEN %s AND %s "
            f"AND rowid - {first} IN ({published})"
        )
        params += [expression(query), first, last, *published_params]
    sql = " UNION ALL ".join(arms) + " ORDER BY score DESC, source, item DESC LIMIT %s"
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, limit])
        return cursor.fetchall()


def marked_texts(sources, query, items):
    """{(source number, pk): text with every match marked} for the snippet columns."""
    rowids = {}
    for number, pk in items:
        rowids[fts_rowids_of(sources[number].model)[0] + pk] = number, pk
    if not rowids:
        return {}
    columns = ", ".join(
        f"highlight({FTS_TABLE}, {index}, %s, %s)" for index in range(len(FTS_WEIGHTS))
    )
    placeholders = ", ".join(["%s"] * len(rowids))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT rowid, {columns} FROM {FTS_TABLE} "
            f"WHERE {FTS_TABLE} MATCH %s AND rowid IN ({placeholders})",
            [*[MATCH_START, MATCH_END] * len(FTS_WEIGHTS), expression(query), *rowids],
        )
        found = {}
        for rowid, *texts in cursor.fetchall():
            number, pk = rowids[rowid]
            by_weight = dict(zip(FTS_WEIGHTS, texts, strict=True))
            wanted = sources[number].snippet_weights
            found[number, pk] = " ".join(by_weight[w] for w in wanted if by_weight[w])
        return found


def closest_word(word):
    """The indexed word most like `word` (same first letter), or None."""
    word = word.casefold()
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT term FROM {WORDS_VOCABULARY} WHERE term >= %s AND term < %s",
            [word[0], chr(ord(word[0]) + 1)],
        )
        candidates = [term for (term,) in cursor.fetchall() if abs(len(term) - len(word)) <= 2]
    close = difflib.get_close_matches(word, candidates, n=1, cutoff=CLOSE_ENOUGH)
    return close[0] if close else None
