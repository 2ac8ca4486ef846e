"""System checks: absolute links must not point at a local address in production."""

from __future__ import annotations

from django.conf import settings
from django.core import checks
from django.db import DatabaseError
from wagtail.models import Site

from portal.core.sites import (
    SiteAddressError,
    is_local_hostname,
    site_address,
    site_matches_base_url,
)

HINT = (
    "Set PORTAL_BASE_URL to the portal's public address (e.g. https://portal.example.org), "
    "then run `manage.py sync_site`."
)


@checks.register(checks.Tags.compatibility)
def base_url_is_public(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """With DEBUG off, PORTAL_BASE_URL must be a public address Wagtail can represent."""
    if settings.DEBUG:
        return []
    try:
        address = site_address(settings.PORTAL_BASE_URL)
    except SiteAddressError as exc:
        return [checks.Warning(str(exc), hint=HINT, id="core.W001")]
    if is_local_hostname(address.hostname):
        message = f"PORTAL_BASE_URL is a local address ({settings.PORTAL_BASE_URL}): every "
        message += "link in emails, feeds and syndicated posts would be dead."
        return [checks.Warning(message, hint=HINT, id="core.W001")]
    return []


@checks.register(checks.Tags.database)
def default_site_matches_base_url(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """With DEBUG off, the default Site must be PORTAL_BASE_URL (runs with ``migrate`` and
    ``check --database default``, as it reads the database)."""
    if settings.DEBUG:
        return []
    try:
        site = Site.objects.filter(is_default_site=True).first()
    except DatabaseError:  # not migrated yet
        return []
    if site is None:
        return []
    if is_local_hostname(site.hostname) or not site_matches_base_url(site):
        message = f"The default Site is {site.root_url}, not PORTAL_BASE_URL "
        message += f"({settings.PORTAL_BASE_URL}): feeds, the sitemap and syndicated posts "
        message += "would link to the wrong address."
        return [checks.Warning(message, hint=HINT, obj=site, id="core.W002")]
    return []
