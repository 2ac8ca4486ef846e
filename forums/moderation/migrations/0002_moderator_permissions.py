"""Moderators manage the watched words and crisis phrases in the Wagtail admin."""

from django.db import migrations

from forums.moderation.roles import WORD_LIST_PERMISSIONS
from portal.accounts.roles import grant_role_permissions


def grant(apps, schema_editor):
    grant_role_permissions(apps, WORD_LIST_PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [("moderation", "0001_initial"), ("accounts", "0003_mentor_role")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
