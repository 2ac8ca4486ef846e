import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from syndication.fake_platform import FakePlatform


class Command(BaseCommand):
    help = "Serve the local fake social platform the demo channels post to (DEBUG only)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--port", type=int, default=8099)

    def handle(self, *args, port: int, **options) -> None:
        if not settings.DEBUG:
            raise CommandError("The fake platform is for the demo: DEBUG must be on.")
        fake = FakePlatform(port=port).start()
        self.stdout.write(f"Fake social platform (demo) at {fake.base_url}/")
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            fake.stop()
