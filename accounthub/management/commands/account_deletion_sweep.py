"""Delete the accounts whose grace period has ended. Run it daily (safe to run again)."""

from django.core.management.base import BaseCommand

from accounthub.services import deletion_sweep
from accounthub.tasks import account_deletion_sweep_task
from portal.audit.context import audit_context


class Command(BaseCommand):
    help = "Remove the personal data of accounts whose deletion grace period has ended."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--enqueue", action="store_true", help="Queue the sweep for the task worker."
        )

    def handle(self, *args, enqueue: bool = False, **options) -> None:
        if enqueue:
            account_deletion_sweep_task.enqueue()
            self.stdout.write("Account deletion sweep queued.")
            return
        with audit_context(actor=None, via="account_deletion_sweep"):
            count = deletion_sweep()
        self.stdout.write(f"Deleted {count} account(s) whose grace period had ended.")
