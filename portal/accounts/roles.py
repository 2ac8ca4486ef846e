"""The portal's roles: Django groups with an explicit list of permissions each.

Groups are created by a data migration (``0002_roles``). Apps that add models grant
their permissions to roles in their own data migrations through
:func:`grant_role_permissions`. What each role may then do is the table in
:mod:`portal.accounts.permission_matrix` (from which the README's matrix is generated, and
against which a test probes the site).
"""

from __future__ import annotations

from django.db import models


class Role(models.TextChoices):
    PATIENT = "Patient", "Patient"
    PHYSICIAN = "Physician", "Physician"
    MODERATOR = "Moderator", "Moderator"
    EDITOR = "Editor", "Editor"
    COMPLIANCE_REVIEWER = "Compliance reviewer", "Compliance reviewer"
    ADMINISTRATOR = "Administrator", "Administrator"
    # Stored as "Mentor" until migration 0005: one name everywhere people see it.
    MENTOR = "Peer mentor", "Peer mentor"


# Every role but Patient and Peer mentor (trained volunteers who post in the groups) reaches a
# staff screen, so every one of them must use MFA.
STAFF_ROLES: frozenset[str] = frozenset(Role.values) - {Role.PATIENT, Role.MENTOR}

ROLE_PERMISSIONS: dict[str, list[str]] = {
    Role.PATIENT: [],
    Role.MENTOR: [],
    Role.PHYSICIAN: [
        "wagtailadmin.access_admin",
        "wagtailimages.add_image",
        "wagtailimages.choose_image",
    ],
    Role.MODERATOR: [
        "wagtailadmin.access_admin",
    ],
    Role.EDITOR: [
        "wagtailadmin.access_admin",
        "wagtailimages.add_image",
        "wagtailimages.change_image",
        "wagtailimages.choose_image",
        "wagtaildocs.add_document",
        "wagtaildocs.change_document",
        "wagtaildocs.choose_document",
        "taxonomy.add_condition",
        "taxonomy.change_condition",
        "taxonomy.view_condition",
    ],
    Role.COMPLIANCE_REVIEWER: [
        "wagtailadmin.access_admin",
        "taxonomy.view_condition",
        "audit.view_auditevent",
    ],
    Role.ADMINISTRATOR: [
        "wagtailadmin.access_admin",
        "accounts.add_user",
        "accounts.change_user",
        "accounts.view_user",
        "accounts.manage_roles",
        "auth.view_group",
        "audit.view_auditevent",
        "audit.export_auditevent",
        "wagtailimages.add_image",
        "wagtailimages.change_image",
        "wagtailimages.delete_image",
        "wagtailimages.choose_image",
        "wagtaildocs.add_document",
        "wagtaildocs.change_document",
        "wagtaildocs.delete_document",
        "wagtaildocs.choose_document",
        "taxonomy.add_condition",
        "taxonomy.change_condition",
        "taxonomy.delete_condition",
        "taxonomy.view_condition",
        "core.change_sitesafetysettings",
        "wagtailredirects.add_redirect",
        "wagtailredirects.change_redirect",
        "wagtailredirects.delete_redirect",
        "wagtailcore.change_site",
        "wagtailcore.add_workflow",
        "wagtailcore.change_workflow",
        "wagtailcore.add_task",
        "wagtailcore.change_task",
    ],
}

# Page-tree permissions, granted on the root page (so they cover the whole tree).
ROLE_PAGE_PERMISSIONS: dict[str, list[str]] = {
    Role.EDITOR: ["add_page", "change_page", "lock_page", "unlock_page"],
    Role.ADMINISTRATOR: [
        "add_page",
        "change_page",
        "publish_page",
        "bulk_delete_page",
        "lock_page",
        "unlock_page",
    ],
}


# Wagtail honours only collection permissions (``GroupCollectionPermission``) for images and
# documents: each role's image and document permissions above are also granted on the root
# collection (so they cover every collection).
COLLECTION_PERMISSION_APPS = ("wagtailimages", "wagtaildocs")


def collection_permission_names(names: list[str]) -> list[str]:
    return [name for name in names if name.split(".", 1)[0] in COLLECTION_PERMISSION_APPS]


def grant_role_collection_permissions(apps, role_permissions: dict[str, list[str]]) -> None:
    """Grant each role's image and document permissions on the root collection."""
    group_model = apps.get_model("auth", "Group")
    permission_model = apps.get_model("auth", "Permission")
    collection_permission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    root = apps.get_model("wagtailcore", "Collection").objects.filter(depth=1).first()
    if root is None:
        return
    for role, names in role_permissions.items():
        group, _ = group_model.objects.get_or_create(name=role)
        for name in collection_permission_names(names):
            app_label, codename = name.split(".", 1)
            permission = permission_model.objects.get(
                content_type__app_label=app_label, codename=codename
            )
            collection_permission.objects.get_or_create(
                group=group, collection=root, permission=permission
            )


def grant_role_page_permissions(apps, role_page_permissions: dict[str, list[str]]) -> None:
    """Grant each role's page-tree permissions on the root page."""
    group_model = apps.get_model("auth", "Group")
    permission_model = apps.get_model("auth", "Permission")
    group_page_permission = apps.get_model("wagtailcore", "GroupPagePermission")
    root = apps.get_model("wagtailcore", "Page").objects.filter(depth=1).first()
    if root is None:
        return
    for role, codenames in role_page_permissions.items():
        group, _ = group_model.objects.get_or_create(name=role)
        for codename in codenames:
            permission = permission_model.objects.get(
                content_type__app_label="wagtailcore", codename=codename
            )
            group_page_permission.objects.get_or_create(
                group=group, page=root, permission=permission
            )


def grant_role_permissions(
    apps, role_permissions: dict[str, list[str]], *, historical: bool = True
) -> None:
    """Give each role (creating its group if needed) the named permissions.

    For data migrations: ``apps`` is the historical registry (``historical=False`` for the
    live one, whose permissions ``migrate`` already created). Unknown permissions raise,
    so a typo cannot silently leave a role without a permission.
    """
    if historical:
        ensure_permissions_exist(apps)
    group_model = apps.get_model("auth", "Group")
    for role, names in role_permissions.items():
        group, _ = group_model.objects.get_or_create(name=role)
        for name in names:
            app_label, codename = name.split(".", 1)
            group.permissions.add(_permission(apps, role, app_label, codename))


def _permission(apps, role: str, app_label: str, codename: str):
    """The permission row; created when the current model declares it but the migration
    state does not yet (Wagtail adds some of its own only after ``migrate``)."""
    from django.apps import apps as global_apps

    permission_model = apps.get_model("auth", "Permission")
    found = permission_model.objects.filter(
        content_type__app_label=app_label, codename=codename
    ).first()
    if found is not None:
        return found
    for model in global_apps.get_app_config(app_label).get_models():
        declared = dict(model._meta.permissions)
        if codename in declared:
            content_type_model = apps.get_model("contenttypes", "ContentType")
            content_type, _ = content_type_model.objects.get_or_create(
                app_label=app_label, model=model._meta.model_name
            )
            return permission_model.objects.create(
                content_type=content_type, codename=codename, name=declared[codename]
            )
    raise LookupError(f"Role {role!r}: no permission {app_label}.{codename}")


def ensure_permissions_exist(apps) -> None:
    """Create model permissions now rather than after ``migrate`` finishes."""
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0, apps=apps)
        app_config.models_module = None
