"""Laptop settings for ``make run``: DEBUG on, plain HTTP, a fixed local secret."""

from portal.settings.base import *  # noqa: F403
from portal.settings.env import env_bool, env_list

DEBUG = env_bool("DJANGO_DEBUG", default=True)
SECRET_KEY = os.environ.get(  # noqa: F405
    "DJANGO_SECRET_KEY", "django-insecure-dev-only-key-never-use-in-production"
)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
# Serve static files from the app directories without collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
