"""One name for the peer-mentor role everywhere people see it: the group "Mentor" becomes
"Peer mentor" (members and permissions kept)."""

from django.db import migrations

OLD, NEW = "Mentor", "Peer mentor"


def _rename(apps, old: str, new: str) -> None:
    group_model = apps.get_model("auth", "Group")
    source = group_model.objects.filter(name=old).first()
    if source is None:
        return
    target = group_model.objects.filter(name=new).first()
    if target is None:
        source.name = new
        source.save(update_fields=["name"])
        return
    # Both exist (a fresh database creates the new name from roles.py): merge into it.
    target.user_set.add(*source.user_set.all())
    target.permissions.add(*source.permissions.all())
    source.delete()


def forwards(apps, schema_editor):
    _rename(apps, OLD, NEW)


def backwards(apps, schema_editor):
    _rename(apps, NEW, OLD)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0004_role_collection_permissions")]

    operations = [migrations.RunPython(forwards, backwards)]
