"""Wagtail's initial data assigns a 'Moderators approval' workflow to the root page, for a
'Moderators' group the portal's roles replace. Point it at Administrators so that edits to
ordinary pages (home, index pages) submitted by editors have someone to approve them.
Reviewed content (blog posts, education pages) always uses the review workflow instead."""

from django.db import migrations

OLD, NEW = "Moderators approval", "Administrator approval"


def retarget(apps, schema_editor):
    workflow_model = apps.get_model("wagtailcore", "Workflow")
    task_model = apps.get_model("wagtailcore", "GroupApprovalTask")
    administrators = apps.get_model("auth", "Group").objects.get(name="Administrator")
    workflow_model.objects.filter(name=OLD).update(name=NEW)
    for task in task_model.objects.filter(name=OLD):
        task.name = NEW
        task.save(update_fields=["name"])
        task.groups.set([administrators])


def restore(apps, schema_editor):
    apps.get_model("wagtailcore", "Workflow").objects.filter(name=NEW).update(name=OLD)
    apps.get_model("wagtailcore", "GroupApprovalTask").objects.filter(name=NEW).update(name=OLD)


class Migration(migrations.Migration):
    dependencies = [("review", "0002_review_workflows"), ("accounts", "0002_roles")]

    operations = [migrations.RunPython(retarget, restore)]
