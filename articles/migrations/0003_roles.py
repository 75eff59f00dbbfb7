"""The editorial roles as groups: Writer, Editor, Clinical reviewer.

Also renames the old "articles.publish" permission to "articles.publish_article", so
users and groups that held it keep it.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

PARTS = ["checklist", "checklistitem", "comparisonrow", "timelinestep", "source"]
CRUD = ["add", "change", "delete", "view"]

# (app label, codename) per group. Writers draft articles and their parts, and see
# what they may link to; editors also publish and look after the other pages;
# clinical reviewers read everything and sign off.
WRITER = [
    *[("articles", f"{action}_article") for action in ("add", "change", "view")],
    *[("articles", f"{action}_{part}") for part in PARTS for action in CRUD],
    *[("faqs", f"{action}_faq") for action in CRUD],
    ("modalities", "view_modality"),
    ("people", "view_person"),
    ("topics", "view_topic"),
]
EDITOR = [
    *WRITER,
    ("articles", "delete_article"),
    ("articles", "publish_article"),
    *[("modalities", f"{action}_modality") for action in ("add", "change")],
    *[("people", f"{action}_person") for action in ("add", "change")],
    *[("topics", f"{action}_topic") for action in ("add", "change")],
]
CLINICAL_REVIEWER = [
    ("articles", "view_article"),
    ("articles", "sign_off_article"),
    *[("articles", f"view_{part}") for part in PARTS],
    ("faqs", "view_faq"),
    ("modalities", "view_modality"),
    ("people", "view_person"),
    ("topics", "view_topic"),
]
GROUPS = {"Writer": WRITER, "Editor": EDITOR, "Clinical reviewer": CLINICAL_REVIEWER}


def create_groups(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    Permission.objects.filter(content_type__app_label="articles", codename="publish").update(
        codename="publish_article", name="Can publish, schedule and unpublish articles"
    )
    # Permissions are normally made after migrating; the groups need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    for name, wanted in GROUPS.items():
        group, _ = Group.objects.get_or_create(name=name)
        for app_label, codename in wanted:
            group.permissions.add(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=GROUPS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0002_editors_desk"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("faqs", "0001_initial"),
        ("modalities", "0001_initial"),
        ("people", "0002_editors_desk"),
        ("topics", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
