"""The stored search document that searchable models carry.

A searchable model declares SEARCH_WEIGHTS (its text fields and their weights,
A highest) and SEARCH_ONLY_FIELDS (columns only search reads). On PostgreSQL
each row keeps a weighted tsvector, GIN-indexed (see the migrations) and
recomputed whenever the row is saved. On other databases the column exists but
stays empty and search matches the plain-text fields instead (search/engine.py),
so the schema and the migrations are the same on both.
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
    """Recompute a saved row's vector from its stored fields (PostgreSQL only)."""
    using = instance._state.db or "default"
    if is_postgresql(using):
        model = type(instance)
        model._base_manager.using(using).filter(pk=instance.pk).update(
            search_vector=document(model.SEARCH_WEIGHTS)
        )


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
