from django.db import migrations

GUIDELINES_V1 = """Be kind. Everyone here is living with something hard.

Share your experience, not medical advice. What helped you may not be right for someone else: talk to your own care team before changing any treatment.

Protect your privacy and others'. Do not post names, addresses, phone numbers, email addresses, dates of birth or record numbers, yours or anyone else's.

If you or someone else is in danger, do not wait for a reply here: call or text 988 (US Suicide & Crisis Lifeline) or call 911.

Moderators may hold, edit or remove posts that break these guidelines."""


def create(apps, schema_editor):
    apps.get_model("forums", "CommunityGuidelines").objects.get_or_create(
        version=1, defaults={"body": GUIDELINES_V1}
    )


class Migration(migrations.Migration):
    dependencies = [("forums", "0002_groups_memberships_guidelines")]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
