"""Create the portal's roles as groups with explicit permissions (see README matrix)."""

from django.db import migrations

from portal.accounts.roles import (
    ROLE_PAGE_PERMISSIONS,
    ROLE_PERMISSIONS,
    grant_role_page_permissions,
    grant_role_permissions,
)


# Wagtail's migrations create these two; the portal's roles replace them.
WAGTAIL_DEFAULT_GROUPS = ["Editors", "Moderators"]


def create_roles(apps, schema_editor):
    grant_role_permissions(apps, ROLE_PERMISSIONS)
    apps.get_model("auth", "Group").objects.filter(name__in=WAGTAIL_DEFAULT_GROUPS).delete()
    grant_role_page_permissions(apps, ROLE_PAGE_PERMISSIONS)


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=list(ROLE_PERMISSIONS)).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("audit", "0001_initial"),
        ("core", "0001_initial"),
        ("taxonomy", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailredirects", "0008_add_verbose_name_plural"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
