"""Add the Mentor role: trained volunteers whose posts carry a peer-mentor badge."""

from django.db import migrations

from portal.accounts.roles import grant_role_permissions


def create(apps, schema_editor):
    grant_role_permissions(apps, {"Mentor": []})


def remove(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name="Mentor").delete()


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_roles")]

    operations = [migrations.RunPython(create, remove)]
