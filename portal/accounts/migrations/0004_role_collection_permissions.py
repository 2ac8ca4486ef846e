"""Images and documents: Wagtail honours only collection permissions, so grant each role's
image and document permissions (``portal/accounts/roles.py``) on the root collection."""

from django.db import migrations

from portal.accounts.roles import (
    COLLECTION_PERMISSION_APPS,
    ROLE_PERMISSIONS,
    ensure_permissions_exist,
    grant_role_collection_permissions,
)


def grant(apps, schema_editor):
    ensure_permissions_exist(apps)
    grant_role_collection_permissions(apps, ROLE_PERMISSIONS)


def revoke(apps, schema_editor):
    apps.get_model("wagtailcore", "GroupCollectionPermission").objects.filter(
        group__name__in=list(ROLE_PERMISSIONS),
        permission__content_type__app_label__in=COLLECTION_PERMISSION_APPS,
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_mentor_role"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
