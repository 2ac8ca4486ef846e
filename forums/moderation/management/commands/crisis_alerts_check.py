from django.core.management.base import BaseCommand

from forums.moderation.escalation import crisis_alert_check, crisis_alerts_due


class Command(BaseCommand):
    help = (
        "Re-alert, escalate or retry every crisis alert that is due (the safety net when the "
        "task worker stopped). Run every minute."
    )

    def handle(self, *args, **options) -> None:
        due = crisis_alerts_due()
        for item_id in due:
            crisis_alert_check(item_id=item_id)
        self.stdout.write(f"Checked {len(due)} crisis alert(s).")
