"""Moderators manage the watched words and crisis phrases in the Wagtail admin."""

from django.db import migrations

from portal.accounts.roles import grant_role_permissions

# The list as it was when this migration was written (roles.py has grown since: 0003).
_MANAGE = [
    f"moderation.{action}_{model}"
    for model in ("watchedword", "crisisphrase")
    for action in ("add", "change", "delete", "view")
]
ROLE_PERMISSIONS = {"Moderator": _MANAGE, "Administrator": _MANAGE}


def grant(apps, schema_editor):
    grant_role_permissions(apps, ROLE_PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [("moderation", "0001_initial"), ("accounts", "0003_mentor_role")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
