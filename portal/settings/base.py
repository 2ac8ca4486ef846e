"""Base settings: safe for production as they stand.

Every integration is switched on by its own environment variable; with none set the
portal runs on embedded defaults (SQLite, database search, database task queue,
local-memory cache, console email). ``dev`` relaxes what only makes sense on a laptop;
``production`` refuses to start with insecure values.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from machina import MACHINA_MAIN_STATIC_DIR, MACHINA_MAIN_TEMPLATE_DIR

from portal.settings.env import email_settings_from_url, env_bool, env_int, env_list

BASE_DIR = Path(__file__).resolve().parent.parent.parent

# --- Core -----------------------------------------------------------------------------
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
DEBUG = env_bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", default=[])
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    # Portal apps first so their templates and same-label overrides win.
    "portal.core",
    "portal.accounts",
    "portal.audit",
    "portal.taxonomy",
    "portal.home",
    "portal.review",
    "portal.notifications",
    "portal.consent",
    "wagtail.contrib.routable_page",
    "education",
    "physicians",
    "forums",
    "forums.moderation",
    "search",
    "syndication",
    "accounthub",
    # Support groups: django-machina, extended through same-label apps under forums/
    "forums.forum_search",
    "machina",
    "machina.apps.forum",
    "forums.forum_conversation",
    "forums.forum_conversation.forum_attachments",
    "machina.apps.forum_conversation.forum_polls",
    "forums.forum_feeds",
    "machina.apps.forum_moderation",
    "machina.apps.forum_tracking",
    "forums.forum_member",
    "forums.forum_permission",
    "mptt",
    "widget_tweaks",
    # Wagtail
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    # Accounts
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.usersessions",
    # Background tasks
    "django_tasks",
    "django_tasks_db",
    # Django
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "csp",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "portal.core.middleware.AdminCSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "portal.accounts.middleware.StaffPrivilegesMiddleware",
    "portal.audit.middleware.AuditContextMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "portal.accounts.middleware.StaffMFARequiredMiddleware",
    "allauth.usersessions.middleware.UserSessionsMiddleware",
    "portal.consent.middleware.ConsentRequiredMiddleware",
    "accounthub.middleware.AccountDeletionMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "forums.middleware.ForumPermissionMiddleware",
    "forums.moderation.middleware.SanctionMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        # Our machina overrides (templates/machina/) win over machina's own templates.
        "DIRS": [
            BASE_DIR / "templates",
            BASE_DIR / "templates" / "machina",
            MACHINA_MAIN_TEMPLATE_DIR,
        ],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "csp.context_processors.nonce",
                "portal.core.context_processors.site",
                "portal.accounts.context_processors.staff_mfa",
                "machina.core.context_processors.metadata",
            ],
        },
    },
]

# --- Database: SQLite by default, anything dj-database-url understands via DATABASE_URL --
DATABASES = {
    "default": dj_database_url.config(
        env="DATABASE_URL",
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", default=60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # One writer at a time: wait for the lock rather than fail under the task worker.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "transaction_mode": "IMMEDIATE"}
    )
# AutoField, what django-machina's migrations use (a global BigAutoField would ask for new
# migrations inside machina). Our own apps set BigAutoField on their AppConfig.
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"

# --- Cache: Redis when REDIS_URL is set, otherwise process-local memory ----------------
if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "KEY_PREFIX": "portal",
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

CACHES["machina_attachments"] = {
    "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
    "LOCATION": os.environ.get(
        "PORTAL_ATTACHMENT_CACHE_DIR", str(BASE_DIR / ".cache" / "attachments")
    ),
}

# --- Background tasks: database queue (django-tasks-db) --------------------------------
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# --- Auth and accounts (django-allauth) -------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"
# Wagtail sends people without admin access here; portal.urls.admin_login hands anonymous
# users to allauth and sends logged-in users without access home (no redirect loop).
WAGTAILADMIN_LOGIN_URL = "/admin/login/"

ACCOUNT_ADAPTER = "portal.accounts.adapter.PortalAccountAdapter"
# Sign-up adds a required checkbox per current policy document (portal/consent).
ACCOUNT_FORMS = {"signup": "portal.accounts.forms.PortalSignupForm"}
# A sensitive change (MFA set-up, email) asks for the password again unless the person
# logged in or re-authenticated within this many seconds.
ACCOUNT_REAUTHENTICATION_TIMEOUT = 300
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Patient portal] "
ACCOUNT_RATE_LIMITS = {
    # The sixth failed login for one address within five minutes is refused, even with
    # the right password; a single IP gets ten failures a minute across addresses.
    "login_failed": "10/m/ip,5/5m/key",
    "login": "30/m/ip",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = os.environ.get("PORTAL_MFA_ISSUER", "Patient portal")
MFA_RECOVERY_CODE_COUNT = 10

# Paths that need a staff user to have MFA set up before they are served.
PORTAL_MFA_REQUIRED_PATH_PREFIXES = ["/admin/", "/moderation/", "/groups/moderation/"]

# --- Internationalisation ---------------------------------------------------------------
LANGUAGE_CODE = "en-us"
TIME_ZONE = os.environ.get("PORTAL_TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

# --- Static and media -------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static", MACHINA_MAIN_STATIC_DIR]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", BASE_DIR / "media"))
# Private files (support-group attachments): outside MEDIA_ROOT, never served under /media/,
# only through their permission-checked view (PORTAL_PRIVATE_MEDIA_ACCEL_PREFIX: let the
# web server send them with X-Accel-Redirect from an internal location instead of Python).
PORTAL_PRIVATE_MEDIA_ROOT = Path(
    os.environ.get("PORTAL_PRIVATE_MEDIA_ROOT", BASE_DIR / "private_media")
)
PORTAL_PRIVATE_MEDIA_ACCEL_PREFIX = os.environ.get("PORTAL_PRIVATE_MEDIA_ACCEL_PREFIX", "")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private_attachments": {
        "BACKEND": "forums.forum_conversation.forum_attachments.storage.PrivateStorage",
        "OPTIONS": {"location": str(PORTAL_PRIVATE_MEDIA_ROOT)},
    },
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# --- Email: console unless EMAIL_URL is set ---------------------------------------------
globals().update(email_settings_from_url(os.environ.get("EMAIL_URL", "console://")))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Patient portal <no-reply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Security headers (on in every environment; HSTS is only ever sent over HTTPS) ------
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env_int("DJANGO_SECURE_HSTS_SECONDS", default=31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_SECURE_HSTS_PRELOAD", default=True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
if env_bool("DJANGO_BEHIND_TLS_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", default=True)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "frame-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
    },
}

# --- Wagtail ----------------------------------------------------------------------------
WAGTAIL_SITE_NAME = os.environ.get("PORTAL_SITE_NAME", "Patient portal")
# The one base URL of every absolute link (emails, feeds, sitemap, syndicated posts).
PORTAL_BASE_URL = os.environ.get("PORTAL_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", PORTAL_BASE_URL)
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "odt", "txt"]
WAGTAIL_ENABLE_UPDATE_CHECK = False
# No third-party avatar service: it would leak hashed staff emails and break the CSP.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAIL_PASSWORD_RESET_ENABLED = False  # password resets go through allauth
# Any edit during review restarts it, and finishing the review publishes exactly the
# approved revision (and records it as reviewed).
WAGTAIL_WORKFLOW_REQUIRE_REAPPROVAL_ON_EDIT = True
WAGTAIL_FINISH_WORKFLOW_ACTION = "portal.review.workflows.publish_reviewed_revision"

# --- Site search (search/): Elasticsearch when ELASTICSEARCH_URL is set, else the database ---
ELASTICSEARCH_URL = os.environ.get("ELASTICSEARCH_URL", "")
PORTAL_SEARCH_BACKEND = (
    "search.backends.elasticsearch.ElasticsearchBackend"
    if ELASTICSEARCH_URL
    else "search.backends.database.DatabaseBackend"
)
PORTAL_SEARCH_INDEX_PREFIX = os.environ.get("PORTAL_SEARCH_INDEX_PREFIX", "portal")

# --- Portal -----------------------------------------------------------------------------
# Demo data may only be loaded where DEBUG is on.
PORTAL_AUDIT_CSV_MAX_ROWS = env_int("PORTAL_AUDIT_CSV_MAX_ROWS", default=100_000)
# A route serving a bare "ok" for the benchmark's baseline; off unless asked for.
PORTAL_BENCH_BASELINE = env_bool("PORTAL_BENCH_BASELINE", default=False)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("PORTAL_LOG_LEVEL", "WARNING")},
}
PORTAL_HEALTH_TASK_MAX_WAIT_SECONDS = env_int("PORTAL_HEALTH_TASK_MAX_WAIT_SECONDS", default=900)
PORTAL_READABILITY_TARGET_GRADE = env_int("PORTAL_READABILITY_TARGET_GRADE", default=8)
# Days after the review due date before an overdue page is unpublished; unset = never.
PORTAL_EDUCATION_UNPUBLISH_AFTER_DAYS = (
    env_int("PORTAL_EDUCATION_UNPUBLISH_AFTER_DAYS", default=-1)
    if os.environ.get("PORTAL_EDUCATION_UNPUBLISH_AFTER_DAYS")
    else None
)
PORTAL_REVIEW_DUE_SOON_DAYS = 30
# Account deletion: days during which a person can log in and undo it, before the daily
# ``account_deletion_sweep`` removes their personal data.
PORTAL_ACCOUNT_DELETION_GRACE_DAYS = env_int("PORTAL_ACCOUNT_DELETION_GRACE_DAYS", default=14)
# One-time form tokens (portal.core.submissions): how long a form page stays sendable; the
# daily ``submission_tokens_expire`` forgets older claims.
PORTAL_SUBMISSION_TOKEN_HOURS = env_int("PORTAL_SUBMISSION_TOKEN_HOURS", default=48)

# --- Support groups (django-machina) ----------------------------------------------------
# The same-label override app keeps machina's forum_permission migrations.
MIGRATION_MODULES = {
    "forum_permission": "machina.apps.forum_permission.migrations",
    "forum_conversation": "machina.apps.forum_conversation.migrations",
    "forum_attachments": "machina.apps.forum_conversation.forum_attachments.migrations",
    "forum_member": "machina.apps.forum_member.migrations",
}
# Attachments on posts: off unless switched on (members' photos and documents often carry
# personal information; uploads are sniffed, capped and stripped of metadata when on).
PORTAL_GROUPS_ATTACHMENTS_ENABLED = env_bool("PORTAL_GROUPS_ATTACHMENTS_ENABLED", default=False)
PORTAL_GROUPS_ATTACHMENT_MAX_BYTES = env_int(
    "PORTAL_GROUPS_ATTACHMENT_MAX_BYTES", default=5 * 1024 * 1024
)
# New-member limits: the first posts are held for a moderator; during the first day, at
# most this many links a post, new topics and replies.
# Moderation: distinct members' reports that hide a post until a moderator decides, and how
# long a moderator's claim on a queue item lasts.
PORTAL_MODERATION_REPORTS_TO_HIDE = env_int("PORTAL_MODERATION_REPORTS_TO_HIDE", default=3)
PORTAL_MODERATION_CLAIM_SECONDS = env_int("PORTAL_MODERATION_CLAIM_SECONDS", default=15 * 60)
# How many of the latest published posts a moderator's new phrase is tried against.
PORTAL_PHRASE_TRIAL_POSTS = env_int("PORTAL_PHRASE_TRIAL_POSTS", default=500)
# Where sanctioned members appeal (named in the sanction email, its Reply-To, and the page
# that refuses a sanctioned member). The default goes nowhere: set it in production (a
# deploy check warns).
PORTAL_MODERATION_CONTACT_EMAIL = os.environ.get(
    "PORTAL_MODERATION_CONTACT_EMAIL", "moderators@localhost"
)
# Crisis alerts: an unacknowledged alert is sent again after this many minutes, and after
# this many re-sends it escalates to the next clinical on-call contact. A send that fails
# (mail server down) is retried after this many seconds. An acknowledgement link works for
# this many hours after it was sent.
PORTAL_CRISIS_REALERT_MINUTES = env_int("PORTAL_CRISIS_REALERT_MINUTES", default=10)
PORTAL_CRISIS_REALERTS_BEFORE_ESCALATION = env_int(
    "PORTAL_CRISIS_REALERTS_BEFORE_ESCALATION", default=1
)
PORTAL_CRISIS_SEND_RETRY_SECONDS = env_int("PORTAL_CRISIS_SEND_RETRY_SECONDS", default=60)
PORTAL_CRISIS_ACK_LINK_HOURS = env_int("PORTAL_CRISIS_ACK_LINK_HOURS", default=72)
PORTAL_GROUPS_HELD_POSTS = env_int("PORTAL_GROUPS_HELD_POSTS", default=3)
# The moderators' usual review time, promised to a member whose post waits for them.
PORTAL_GROUPS_REVIEW_HOURS = env_int("PORTAL_GROUPS_REVIEW_HOURS", default=24)
PORTAL_GROUPS_NEW_MEMBER_MAX_LINKS = env_int("PORTAL_GROUPS_NEW_MEMBER_MAX_LINKS", default=2)
PORTAL_GROUPS_NEW_MEMBER_TOPICS_PER_DAY = env_int(
    "PORTAL_GROUPS_NEW_MEMBER_TOPICS_PER_DAY", default=3
)
# Previews screen and render the text: at most this many a minute per member (then a 429).
PORTAL_GROUPS_PREVIEWS_PER_MINUTE = env_int("PORTAL_GROUPS_PREVIEWS_PER_MINUTE", default=20)
PORTAL_GROUPS_NEW_MEMBER_REPLIES_PER_DAY = env_int(
    "PORTAL_GROUPS_NEW_MEMBER_REPLIES_PER_DAY", default=10
)
MACHINA_FORUM_NAME = "Support groups"
MACHINA_BASE_TEMPLATE_NAME = "base.html"
MACHINA_MARKUP_LANGUAGE = ("forums.rendering.render_member_text", {})
MACHINA_MARKUP_WIDGET = "django.forms.Textarea"
# Members appear under their pseudonym, never their email address.
MACHINA_USER_DISPLAY_NAME_METHOD = "get_forum_display_name"
MACHINA_PROFILE_AVATARS_ENABLED = False
MACHINA_DEFAULT_AUTHENTICATED_USER_FORUM_PERMISSIONS = [
    "can_see_forum",
    "can_read_forum",
    "can_start_new_topics",
    "can_reply_to_topics",
    "can_edit_own_posts",
    "can_subscribe_to_topics",
]
