"""SQLite: the FTS5 index, filled from the rows already there. PostgreSQL: pg_trgm,
for "did you mean" (its weighted vectors are the content apps' own columns)."""

from django.apps import apps as live_apps
from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

from core import search_fields

SEARCHABLE = ("articles.Article", "modalities.Modality", "faqs.FAQ")


def create_and_fill(apps, schema_editor):
    search_fields.create_fts_tables(schema_editor)
    if schema_editor.connection.vendor != "sqlite":
        return
    using = schema_editor.connection.alias
    for label in SEARCHABLE:
        # The rows as they are at this migration; the weights as the models declare them.
        weights = live_apps.get_model(label).SEARCH_WEIGHTS
        search_fields.rebuild_fts(apps.get_model(label), weights, using)


def drop(apps, schema_editor):
    search_fields.drop_fts_tables(schema_editor)


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("articles", "0006_reader_trust_fields"),
        ("modalities", "0003_reviews_sources_abuse_help"),
        ("faqs", "0001_initial"),
    ]

    operations = [
        TrigramExtension(),
        migrations.RunPython(create_and_fill, drop),
    ]
