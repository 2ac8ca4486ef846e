from django.core.management.base import BaseCommand

from syndication.sweep import syndication_sweep
from syndication.tasks import sweep_task


class Command(BaseCommand):
    help = (
        "Send due syndication posts (also after a worker stopped), expire missed approvals "
        "and flag posts whose page's review is overdue. Run every few minutes."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--enqueue", action="store_true", help="queue it for the worker")

    def handle(self, *args, enqueue: bool = False, **options) -> None:
        if enqueue:
            result = sweep_task.enqueue()
            self.stdout.write(f"Enqueued syndication sweep ({result.id}).")
            return
        result = syndication_sweep()
        self.stdout.write(
            f"Expired {len(result.expired)}, sent {len(result.sent)}, "
            f"flagged {len(result.recalled)} page(s) for recall."
        )
