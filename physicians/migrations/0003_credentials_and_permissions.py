"""Seed credentials and give the roles their physicians permissions (see README matrix)."""

from django.db import migrations

from physicians.roles import ROLE_PAGE_PERMISSIONS, ROLE_PERMISSIONS
from portal.accounts.roles import grant_role_permissions

CREDENTIALS = [
    ("MD", "Doctor of Medicine"),
    ("DO", "Doctor of Osteopathic Medicine"),
    ("MBBS", "Bachelor of Medicine, Bachelor of Surgery"),
    ("NP", "Nurse Practitioner"),
    ("PA", "Physician Assistant"),
    ("RN", "Registered Nurse"),
    ("DNP", "Doctor of Nursing Practice"),
    ("PharmD", "Doctor of Pharmacy"),
    ("PhD", "Doctor of Philosophy"),
    ("MPH", "Master of Public Health"),
]



def seed(apps, schema_editor):
    credential_model = apps.get_model("physicians", "Credential")
    for order, (code, name) in enumerate(CREDENTIALS):
        credential_model.objects.get_or_create(
            code=code, defaults={"name": name, "sort_order": order}
        )
    grant_role_permissions(apps, ROLE_PERMISSIONS)
    # Physicians may add pages (the before_create_page hook limits them to their own profile
    # and posts) and, through Wagtail's owner rule, edit only pages they own. No publishing.
    root = apps.get_model("wagtailcore", "Page").objects.filter(depth=1).first()
    if root is None:
        return
    for role, codenames in ROLE_PAGE_PERMISSIONS.items():
        group = apps.get_model("auth", "Group").objects.get(name=role)
        for codename in codenames:
            permission = apps.get_model("auth", "Permission").objects.get(
                content_type__app_label="wagtailcore", codename=codename
            )
            apps.get_model("wagtailcore", "GroupPagePermission").objects.get_or_create(
                group=group, page=root, permission=permission
            )


class Migration(migrations.Migration):
    dependencies = [
        ("physicians", "0002_blogindexpage_credential_specialty_blogpostpage_and_more"),
        ("accounts", "0002_roles"),
    ]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
