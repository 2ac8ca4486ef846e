from django.core.management.base import BaseCommand

from education.services import review_expiry_sweep
from education.tasks import review_expiry_sweep_task


class Command(BaseCommand):
    help = "Daily review-expiry sweep: run it now, or --enqueue it for the task worker."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--enqueue", action="store_true", help="queue it for the worker")

    def handle(self, *args, enqueue: bool = False, **options) -> None:
        if enqueue:
            result = review_expiry_sweep_task.enqueue()
            self.stdout.write(f"Enqueued review-expiry sweep ({result.id}).")
            return
        result = review_expiry_sweep()
        self.stdout.write(
            f"Reminded {len(result.reminded)} reviewer(s); unpublished {len(result.unpublished)}."
        )
