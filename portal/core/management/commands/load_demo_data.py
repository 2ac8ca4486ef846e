from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from portal.core.demo import load_demo_data


class Command(BaseCommand):
    help = "Load plainly synthetic demo content and one demo account per role (DEBUG only)."

    def handle(self, *args, **options) -> None:
        if not settings.DEBUG:
            raise CommandError(
                "Refusing to load demo data with DEBUG off: demo accounts have a published "
                "password. Use the dev settings (DJANGO_SETTINGS_MODULE=portal.settings.dev)."
            )
        summary = load_demo_data()
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data ready: {summary.accounts} accounts, {summary.conditions} conditions, "
                f"{summary.pages} pages, {summary.physicians} physicians, "
                f"{summary.education_pages} education pages, {summary.groups} support groups. "
                "Log in as admin@demo.test / demo-password-123."
            )
        )
