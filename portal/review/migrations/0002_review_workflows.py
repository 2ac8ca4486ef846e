"""Create the review workflows: clinical then compliance (posts, later education pages),
and compliance only (physician profiles)."""

from django.db import migrations

CLINICAL_AND_COMPLIANCE = "Clinical and compliance review"
PROFILE_REVIEW = "Physician profile review"


def _task(apps, model_name: str, name: str, group_name: str):
    content_type_model = apps.get_model("contenttypes", "ContentType")
    task_model = apps.get_model("review", model_name)
    content_type, _ = content_type_model.objects.get_or_create(
        app_label="review", model=model_name.lower()
    )
    task = task_model.objects.create(name=name, active=True, content_type=content_type)
    task.groups.add(apps.get_model("auth", "Group").objects.get(name=group_name))
    return task


def _workflow(apps, name: str, tasks) -> None:
    workflow_model = apps.get_model("wagtailcore", "Workflow")
    workflow_task_model = apps.get_model("wagtailcore", "WorkflowTask")
    workflow = workflow_model.objects.create(name=name, active=True)
    for order, task in enumerate(tasks):
        workflow_task_model.objects.create(workflow=workflow, task_id=task.pk, sort_order=order)


def create_workflows(apps, schema_editor):
    _workflow(
        apps,
        CLINICAL_AND_COMPLIANCE,
        [
            _task(apps, "ClinicalReviewTask", "Clinical peer review", "Physician"),
            _task(apps, "ComplianceReviewTask", "Compliance review", "Compliance reviewer"),
        ],
    )
    _workflow(
        apps,
        PROFILE_REVIEW,
        [_task(apps, "ComplianceReviewTask", "Profile compliance review", "Compliance reviewer")],
    )


def remove_workflows(apps, schema_editor):
    apps.get_model("wagtailcore", "Workflow").objects.filter(
        name__in=[CLINICAL_AND_COMPLIANCE, PROFILE_REVIEW]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("review", "0001_initial"),
        ("accounts", "0002_roles"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(create_workflows, remove_workflows)]
