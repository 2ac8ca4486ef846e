"""Give the roles their syndication permissions (see README matrix)."""

from django.db import migrations

from portal.accounts.roles import grant_role_permissions
from syndication.roles import ROLE_PERMISSIONS


def grant(apps, schema_editor):
    grant_role_permissions(apps, ROLE_PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [
        ("syndication", "0001_initial"),
        ("accounts", "0002_roles"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
