"""Settings for the test suite: fast hashing, in-memory email, immediate tasks."""

import tempfile

from portal.settings.base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-secret-key-0123456789abcdefghijklmnopqrstuvwxyz"
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "machina_attachments": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "attachments",
    },
}
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
# Private files of a test run go to a throw-away folder, never into the checkout.
PORTAL_PRIVATE_MEDIA_ROOT = tempfile.mkdtemp(prefix="portal-private-media-")
STORAGES["private_attachments"]["OPTIONS"]["location"] = PORTAL_PRIVATE_MEDIA_ROOT  # noqa: F405
PORTAL_BASE_URL = "http://testserver"
WAGTAILADMIN_BASE_URL = PORTAL_BASE_URL
# Serve static files from the app directories without collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
