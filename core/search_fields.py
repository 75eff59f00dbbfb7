"""The stored search document that searchable models carry.

A searchable model declares SEARCH_WEIGHTS (its text fields and their weights,
A highest) and SEARCH_ONLY_FIELDS (columns only search reads). The document is
recomputed from the stored row whenever it is saved, and dropped when it is deleted:

- PostgreSQL: each row keeps a weighted tsvector, GIN-indexed (see the migrations).
- SQLite: one FTS5 table (porter stemming) holds every searchable row, its text in
  one column per weight; a second, unstemmed index over the same text lists the
  words readers may have meant. The search app's migration creates both. The
  search_vector column exists but stays empty, so the models' schema is the same.
"""

from django.contrib.postgres import search as pg
from django.db import connections, models

# One text-search configuration everywhere: English stemming and stop words.
CONFIG = "english"


class SearchVectorField(pg.SearchVectorField):
    """tsvector on PostgreSQL, an unused text column elsewhere."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("null", True)
        kwargs.setdefault("editable", False)
        super().__init__(*args, **kwargs)

    def db_type(self, connection):
        return "tsvector" if connection.vendor == "postgresql" else "text"


def is_postgresql(using="default"):
    return connections[using].vendor == "postgresql"


def document(weights):
    """The weighted vector of a model's fields, e.g. {"title": "A", "summary": "B"}."""
    vectors = [pg.SearchVector(name, config=CONFIG, weight=w) for name, w in weights.items()]
    combined = vectors[0]
    for vector in vectors[1:]:
        combined = combined + vector
    return combined


def update_search_vector(instance):
    """Recompute a saved row's search document from its stored fields."""
    using = instance._state.db or "default"
    model = type(instance)
    if is_postgresql(using):
        model._base_manager.using(using).filter(pk=instance.pk).update(
            search_vector=document(model.SEARCH_WEIGHTS)
        )
    elif is_sqlite(using):
        write_fts_rows(model, model.SEARCH_WEIGHTS, [instance.pk], using)


def forget_search_document(instance):
    """A deleted row leaves the SQLite index (PostgreSQL's vector goes with the row)."""
    using = instance._state.db or "default"
    if is_sqlite(using):
        _delete_fts_rows([fts_rowid(_content_type_id(type(instance), using), instance.pk)], using)


# SQLite full-text search (FTS5) ---------------------------------------------------

FTS_TABLE = "search_fts"  # stemmed: what search matches and ranks
WORDS_TABLE = "search_fts_words"  # the same text unstemmed, for "did you mean"
WORDS_VOCABULARY = "search_fts_words_vocabulary"
FTS_WEIGHTS = "ABCD"  # one column per weight, named a to d
_FTS_COLUMNS = ", ".join(FTS_WEIGHTS.lower())
# A row's rowid holds its content type above these bits and its primary key below,
# so one model's rows are a rowid range and a row is found without a scan.
_ITEM_BITS = 40


def is_sqlite(using="default"):
    return connections[using].vendor == "sqlite"


def fts_rowid(content_type_id, pk):
    return (content_type_id << _ITEM_BITS) + pk


def fts_rowids_of(model, using="default"):
    """The first and last rowid a model's rows can have."""
    content_type_id = _content_type_id(model, using)
    return fts_rowid(content_type_id, 0), fts_rowid(content_type_id + 1, 0) - 1


def create_fts_tables(schema_editor):
    """A migration step: the FTS5 tables (SQLite only; PostgreSQL has its vectors)."""
    if schema_editor.connection.vendor != "sqlite":
        return
    schema_editor.execute(
        f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5({_FTS_COLUMNS}, "
        "tokenize='porter unicode61 remove_diacritics 2')"
    )
    schema_editor.execute(
        f"CREATE VIRTUAL TABLE {WORDS_TABLE} USING fts5({_FTS_COLUMNS}, "
        f"content='{FTS_TABLE}', tokenize='unicode61 remove_diacritics 2')"
    )
    schema_editor.execute(
        f"CREATE VIRTUAL TABLE {WORDS_VOCABULARY} USING fts5vocab({WORDS_TABLE}, row)"
    )


def drop_fts_tables(schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for table in (WORDS_VOCABULARY, WORDS_TABLE, FTS_TABLE):
            schema_editor.execute(f"DROP TABLE IF EXISTS {table}")


def write_fts_rows(model, weights, pks, using="default"):
    """(Re)index these rows of a model from the database; model may be a migration's."""
    if not pks:
        return
    names = list(weights)
    rows = model._base_manager.using(using).filter(pk__in=pks).values_list("pk", *names)
    content_type_id = _content_type_id(model, using)
    documents = []
    for pk, *values in rows.iterator():
        text = dict(zip(names, values, strict=True))
        columns = [
            " ".join(text[name] or "" for name in names if weights[name] == weight)
            for weight in FTS_WEIGHTS
        ]
        documents.append((fts_rowid(content_type_id, pk), *columns))
    _delete_fts_rows([fts_rowid(content_type_id, pk) for pk in pks], using)
    placeholders = ", ".join(["%s"] * (1 + len(FTS_WEIGHTS)))
    with connections[using].cursor() as cursor:
        for table in (FTS_TABLE, WORDS_TABLE):
            cursor.executemany(
                f"INSERT INTO {table} (rowid, {_FTS_COLUMNS}) VALUES ({placeholders})",
                documents,
            )


def rebuild_fts(model, weights, using="default", batch=500):
    """Index every row of a model again (the migration, `rebuild_search_index`)."""
    pks = list(model._base_manager.using(using).values_list("pk", flat=True))
    for start in range(0, len(pks), batch):
        write_fts_rows(model, weights, pks[start : start + batch], using)


def _delete_fts_rows(rowids, using):
    # The unstemmed index reads its text from the stemmed table's rows, and FTS5
    # removes a row's words from it only when given the text it indexed.
    placeholders = ", ".join(["%s"] * len(rowids))
    with connections[using].cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {WORDS_TABLE} ({WORDS_TABLE}, rowid, {_FTS_COLUMNS}) "
            f"SELECT 'delete', rowid, {_FTS_COLUMNS} FROM {FTS_TABLE} "
            f"WHERE rowid IN ({placeholders})",
            rowids,
        )
        cursor.execute(f"DELETE FROM {FTS_TABLE} WHERE rowid IN ({placeholders})", rowids)


def _content_type_id(model, using):
    from django.contrib.contenttypes.models import ContentType

    return ContentType.objects.db_manager(using).get_for_model(model).pk


class SearchableManager(models.Manager):
    """Leaves the search-only columns out of ordinary queries."""

    def get_queryset(self):
        return super().get_queryset().defer(*self.model.SEARCH_ONLY_FIELDS)


def add_search_index(app_label, model_name):
    """A migration operation: the GIN index on search_vector, on PostgreSQL only,
    so the same migration runs on SQLite."""
    from django.db import migrations

    table = f"{app_label}_{model_name}"
    index = f"{table}_search_gin"

    def forward(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(f"CREATE INDEX {index} ON {table} USING gin (search_vector)")

    def backward(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(f"DROP INDEX IF EXISTS {index}")

    return migrations.RunPython(forward, backward)
