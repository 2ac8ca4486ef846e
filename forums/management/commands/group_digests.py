from django.core.management.base import BaseCommand

from forums.notifications import send_daily_digests
from forums.tasks import send_daily_digests_task


class Command(BaseCommand):
    help = "Send the daily support-group digests now, or --enqueue them for the worker."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--enqueue", action="store_true")

    def handle(self, *args, enqueue: bool = False, **options) -> None:
        if enqueue:
            self.stdout.write(f"Enqueued digests ({send_daily_digests_task.enqueue().id}).")
            return
        self.stdout.write(f"Sent {send_daily_digests()} digest(s).")
