"""Site pages for the editorial roles: writers draft them, editors also publish them
(publish_sitepage); clinical reviewers read them. No group deletes one: every page's
footer links each site page."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUPS = {
    "Writer": ["add_sitepage", "change_sitepage", "view_sitepage"],
    "Editor": ["add_sitepage", "change_sitepage", "view_sitepage", "publish_sitepage"],
    "Clinical reviewer": ["view_sitepage"],
}


def grant(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    # Permissions are normally made after migrating; the groups need them now.
    app_config = apps.get_app_config("pages")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    for name, codenames in GROUPS.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label="pages", codename__in=codenames)
        )


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    for group in apps.get_model("auth", "Group").objects.filter(name__in=GROUPS):
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="pages"))


class Migration(migrations.Migration):
    dependencies = [
        ("pages", "0001_initial"),
        ("articles", "0003_roles"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
