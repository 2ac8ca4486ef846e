from django.core.management.base import BaseCommand, CommandError

from portal.core.sites import SiteAddressError, site_sync_default


class Command(BaseCommand):
    help = (
        "Point the default Wagtail Site's hostname and port at PORTAL_BASE_URL, so feeds, "
        "the sitemap and syndicated posts link to the right address. Safe to run again."
    )

    def handle(self, *args, **options) -> None:
        try:
            site, changed = site_sync_default()
        except SiteAddressError as exc:
            raise CommandError(str(exc)) from exc
        state = "updated" if changed else "already up to date"
        self.stdout.write(f"Default site {site.root_url}: {state}.")
