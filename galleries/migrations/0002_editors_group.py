"""The "Editors" group: everything an editor needs to publish galleries, and nothing about users."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITOR_PERMISSIONS = {
    "mission": ["add", "change", "delete", "view"],
    "missioncrew": ["add", "change", "delete", "view"],
    "photo": ["add", "change", "delete", "view"],
    "credit": ["add", "change", "view"],
    "crewmember": ["add", "change", "view"],
    "agency": ["add", "change", "view"],
    "license": ["view"],
}


def create_editors_group(apps, schema_editor):
    # Permissions are normally created after all migrations; create ours now so the group can hold them.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="Editors")
    codenames = [f"{action}_{model}" for model, actions in EDITOR_PERMISSIONS.items() for action in actions]
    group.permissions.set(Permission.objects.filter(content_type__app_label="galleries", codename__in=codenames))


def remove_editors_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name="Editors").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("galleries", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_editors_group, remove_editors_group)]
