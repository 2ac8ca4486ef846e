from django.db import migrations

AUDIENCES = ["Patients", "Caregivers", "Parents", "Teens", "Older adults"]


def seed(apps, schema_editor):
    audience = apps.get_model("education", "Audience")
    for order, name in enumerate(AUDIENCES):
        audience.objects.get_or_create(name=name, defaults={"sort_order": order})


class Migration(migrations.Migration):
    dependencies = [("education", "0002_audience_educationpage_educationrelatedlink_and_more")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
