from django.core.management.base import BaseCommand

from portal.core.submissions import submission_tokens_expire


class Command(BaseCommand):
    help = "Forget claimed one-time form tokens older than a token can live. Run daily."

    def handle(self, *args, **options) -> None:
        self.stdout.write(f"Forgot {submission_tokens_expire()} old form submission(s).")
