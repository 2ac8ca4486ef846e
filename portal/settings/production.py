"""Production settings: the base settings, plus a refusal to start on insecure values."""

from django.core.exceptions import ImproperlyConfigured

from portal.settings.base import *  # noqa: F403

_INSECURE_MARKERS = ("django-insecure", "dev-only", "test-only", "change-me", "changeme")


def _validate_secret_key(key: str) -> None:
    if not key:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set in production.")
    if len(key) < 50 or len(set(key)) < 5:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be at least 50 varied characters.")
    if any(marker in key.lower() for marker in _INSECURE_MARKERS):
        raise ImproperlyConfigured("DJANGO_SECRET_KEY is a default or development key.")


_validate_secret_key(SECRET_KEY)  # noqa: F405
if DEBUG:  # noqa: F405
    raise ImproperlyConfigured("DJANGO_DEBUG must be off in production.")
if not ALLOWED_HOSTS:  # noqa: F405
    raise ImproperlyConfigured("DJANGO_ALLOWED_HOSTS must list the portal's host names.")
