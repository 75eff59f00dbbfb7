"""Migration operations shared by the searchable apps.

They take the weights as they stood when the migration was written (a
migration is a snapshot), fill the derived columns of existing rows, and add
the GIN index on PostgreSQL only, so the same migration runs on SQLite.
"""

from django.db import migrations

from therapyexplained.markup import plain_text

from .fields import document


def add_search_index(app_label, model_name, html_field, text_field, weights):
    table = f"{app_label}_{model_name}"
    index = f"{table}_search_gin"

    def forward(apps, schema_editor):
        model = apps.get_model(app_label, model_name)
        for pk, html in model.objects.values_list("pk", html_field):
            model.objects.filter(pk=pk).update(**{text_field: plain_text(html)})
        if schema_editor.connection.vendor == "postgresql":
            model.objects.update(search_vector=document(weights))
            schema_editor.execute(f"CREATE INDEX {index} ON {table} USING gin (search_vector)")

    def backward(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(f"DROP INDEX IF EXISTS {index}")

    return migrations.RunPython(forward, backward)
