"""The Wagtail Site's address comes from ``PORTAL_BASE_URL``: feeds, the sitemap, syndicated
posts and every ``page.full_url`` are built from the Site's hostname and port.

Wagtail's Site has no scheme: port 443 means https, 80 means http, any other port http.
So an https base URL must use port 443, and an http one any port but 443.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from django.db import transaction
from wagtail.models import Site

from portal.core.urls import base_url

LOCAL_HOSTNAMES = frozenset({"localhost", "127.0.0.1", "::1", "0.0.0.0"})  # noqa: S104  # nosec B104  # names to warn about, not an address to bind
DEFAULT_PORTS = {"http": 80, "https": 443}


class SiteAddressError(ValueError):
    pass


@dataclass(frozen=True)
class SiteAddress:
    hostname: str
    port: int


def is_local_hostname(hostname: str) -> bool:
    hostname = hostname.lower().strip("[]")
    return hostname in LOCAL_HOSTNAMES or hostname.endswith(".localhost")


def site_address(url: str) -> SiteAddress:
    """The Site hostname and port that make Wagtail write links starting with ``url``."""
    parts = urlsplit(url)
    if parts.scheme not in DEFAULT_PORTS or not parts.hostname:
        raise SiteAddressError(f"PORTAL_BASE_URL {url!r} is not an http(s) URL with a host.")
    if parts.path.strip("/"):
        raise SiteAddressError(f"PORTAL_BASE_URL {url!r} must not have a path.")
    port = parts.port or DEFAULT_PORTS[parts.scheme]
    if (parts.scheme == "https") != (port == 443):
        raise SiteAddressError(
            f"PORTAL_BASE_URL {url!r}: Wagtail's Site has no scheme and treats port 443 as "
            "https and every other port as http, so use https on 443 or http on another port."
        )
    return SiteAddress(hostname=parts.hostname, port=port)


def site_matches_base_url(site: Site) -> bool:
    return site.root_url == base_url()


@transaction.atomic
def site_sync_default(*, site_name: str | None = None) -> tuple[Site, bool]:
    """Point the default Site at ``PORTAL_BASE_URL``; returns (site, changed). Idempotent.

    Raises SiteAddressError for a base URL Wagtail cannot represent, or when there is no
    default Site (a page tree is needed first) or another Site already has the address."""
    address = site_address(base_url())
    site = Site.objects.select_for_update().filter(is_default_site=True).first()
    if site is None:
        raise SiteAddressError("There is no default Site yet: create the page tree first.")
    clash = Site.objects.filter(hostname=address.hostname, port=address.port).exclude(pk=site.pk)
    if clash.exists():
        raise SiteAddressError(
            f"Another Site already uses {address.hostname}:{address.port}: remove it first."
        )
    changed = (site.hostname, site.port) != (address.hostname, address.port)
    site.hostname, site.port = address.hostname, address.port
    if site_name and site.site_name != site_name:
        site.site_name, changed = site_name, True
    if changed:
        site.save()  # save(), not update(): Wagtail clears its cached site root paths
    return site, changed
