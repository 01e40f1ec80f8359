"""
Settings for the publication, read from the environment.

Every variable is documented in README.md ("Configuration"). Nothing exists only in
production: behaviour switches on environment variables.
"""

import contextlib
import datetime
import os
import secrets
import warnings
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
# A git-ignored .env (`make run` writes one) fills in what the environment leaves unset.
# DOTENV_FILE names another file, or none when empty (tests/settings.py sets it so).
dotenv_file = env.str("DOTENV_FILE", default=str(BASE_DIR / ".env"))
if dotenv_file and Path(dotenv_file).is_file():
    environ.Env.read_env(dotenv_file)

# GENERAL
# ------------------------------------------------------------------------------
DEBUG = env.bool("DJANGO_DEBUG", default=False)
SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set. Set DJANGO_SECRET_KEY to a long random string "
            "(or DJANGO_DEBUG=true for local development; `make run` does this for you)."
        )
    # Made up per process, so no published key ever signs a cookie.
    SECRET_KEY = secrets.token_urlsafe(50)
    warnings.warn(
        "DJANGO_SECRET_KEY is not set: using a random key for this process, so sessions and "
        "signed cookies end when it restarts. Set DJANGO_SECRET_KEY to keep them.",
        stacklevel=1,
    )
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
SITE_NAME = env.str("SITE_NAME", default="Marginalia")
SITE_DESCRIPTION = env.str(
    "SITE_DESCRIPTION", default="Long-form essays with their sources, and a careful conversation."
)
TIME_ZONE = env.str("TIME_ZONE", default="UTC")
LANGUAGE_CODE = "en-us"
USE_I18N = True
USE_TZ = True

# APPS
# ------------------------------------------------------------------------------
INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.postgres",
    "axes",
    "essays",
    "comments",
    "pages",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "config.middleware.RefuseNulInQueryMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Pages of long essays with 200 comments are large; static files come pre-compressed.
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Below CommonMiddleware, so an old WordPress permalink is answered before APPEND_SLASH
    # redirects it; "/?p=ID" is answered before the front page sees it.
    "pages.wordpress.redirects.OldAddressMiddleware",
    # The reader lists and feeds from the cache, with shared-cache headers and 304s; below
    # the old-address redirects so "/?p=ID" is answered before the front page.
    "pages.middleware.SharedPageMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into its lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "essays.context_processors.site",
            ],
        },
    },
]

# DATABASE
# ------------------------------------------------------------------------------
# https://docs.djangoproject.com/en/5.2/ref/databases/#sqlite-notes
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers work beside one writer; IMMEDIATE takes the write lock at BEGIN so
    # concurrent writers queue on the busy timeout instead of failing with "database is locked".
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=20000;"
            ),
        }
    )
    # SQLite would create the file readable by every local user, and it gives the -wal and
    # -shm files the database's own mode (its test/journal3.test): create it private first.
    # Where that fails (a read-only build step), SQLite reports it when it connects.
    _db_file = Path(DATABASES["default"]["NAME"])
    if _db_file.name not in ("", ":memory:") and not _db_file.exists():
        with contextlib.suppress(OSError):
            _db_file.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            os.close(os.open(_db_file, os.O_CREAT | os.O_WRONLY, 0o600))
# https://docs.djangoproject.com/en/5.2/ref/databases/#persistent-connections
# SQLite too: opening a connection and its PRAGMAs cost more than a cached page's query.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# CACHES
# ------------------------------------------------------------------------------
CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}
# https://docs.djangoproject.com/en/5.2/topics/http/sessions/#using-cached-sessions
# With a cache every worker shares, each staff request reads its session from the cache rather
# than the database (one query less on every admin page; writes still go to both). Never with a
# per-process cache (local memory, the default) or a file cache: a logout in one worker would
# leave the session alive in the others' copies.
_SHARED_CACHE_BACKENDS = ("RedisCache", "PyMemcacheCache", "PyLibMCCache", "DatabaseCache")
SESSION_ENGINE = (
    "django.contrib.sessions.backends.cached_db"
    if CACHES["default"]["BACKEND"].rsplit(".", 1)[-1] in _SHARED_CACHE_BACKENDS
    else "django.contrib.sessions.backends.db"
)

# EMAIL
# ------------------------------------------------------------------------------
vars().update(env.email("EMAIL_URL", default="consolemail://"))
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Marginalia <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# https://docs.djangoproject.com/en/5.2/ref/settings/#email-timeout: a hung server must not
# hold the outbox worker.
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=20)

# STATIC AND MEDIA
# ------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=VAR_DIR / "static")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=VAR_DIR / "media")
# https://whitenoise.readthedocs.io/en/stable/django.html#add-compression-and-caching-support
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if env.bool("STATIC_MANIFEST", default=not DEBUG)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# SECURITY
# ------------------------------------------------------------------------------
# https://docs.djangoproject.com/en/5.2/howto/deployment/checklist/
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("DJANGO_SECURE_HSTS_PRELOAD", default=True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = env.bool("DJANGO_SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
# https://django-csp.readthedocs.io/en/latest/configuration.html
# No inline script or style anywhere: templates load static files only.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[SITE_URL])
# A logged-in reader's comment refused for its token comes back with what they typed.
CSRF_FAILURE_VIEW = "pages.views.csrf.csrf_failure"
PASSWORD_HASHERS = env.list(
    "DJANGO_PASSWORD_HASHERS",
    default=[
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
        "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    ],
)
# https://django-axes.readthedocs.io/en/latest/4_configuration.html
# Failed logins are counted per user name and address together: an attacker elsewhere cannot
# lock an editor out. `manage.py axes_reset` (or axes_reset_username NAME) lifts locks.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = datetime.timedelta(hours=env.float("AXES_COOLOFF_TIME", default=1))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "comments.client_ip.client_ip"
# A record of every successful login, kept forever, is personal data nothing here reads.
AXES_DISABLE_ACCESS_LOG = True
AXES_LOCKOUT_CALLABLE = "config.login_throttle.lockout_response"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# LOGGING
# ------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    # axes logs every successful login at INFO; lockouts are WARNING.
    "loggers": {"django.db.backends": {"level": "WARNING"}, "axes": {"level": "WARNING"}},
}

# ESSAYS
# ------------------------------------------------------------------------------
ESSAYS_PER_PAGE = env.int("ESSAYS_PER_PAGE", default=10)
# Default comment switch for new essays: "open", "closed" or "after_days".
ESSAYS_DEFAULT_COMMENTS = env.str("ESSAYS_DEFAULT_COMMENTS", default="after_days")
ESSAYS_CLOSE_COMMENTS_AFTER_DAYS = env.int("ESSAYS_CLOSE_COMMENTS_AFTER_DAYS", default=60)
ESSAYS_WORDS_PER_MINUTE = 230
# Footnote numbering of new essays: "lower-roman", "arabic" or "symbols".
ESSAYS_DEFAULT_NOTE_STYLE = env.str("ESSAYS_DEFAULT_NOTE_STYLE", default="lower-roman")
if ESSAYS_DEFAULT_NOTE_STYLE not in {"lower-roman", "arabic", "symbols"}:
    raise ImproperlyConfigured(
        "ESSAYS_DEFAULT_NOTE_STYLE must be lower-roman, arabic or symbols, "
        f"not {ESSAYS_DEFAULT_NOTE_STYLE!r}."
    )
# How new essays set out a source cited again: "shortened" (Chicago's shortened notes) or
# "ibid" ("Ibid." right after the same source, shortened notes further on).
ESSAYS_DEFAULT_CITATION_STYLE = env.str("ESSAYS_DEFAULT_CITATION_STYLE", default="shortened")
if ESSAYS_DEFAULT_CITATION_STYLE not in {"shortened", "ibid"}:
    raise ImproperlyConfigured(
        "ESSAYS_DEFAULT_CITATION_STYLE must be shortened or ibid, "
        f"not {ESSAYS_DEFAULT_CITATION_STYLE!r}."
    )
SEARCH_MAX_TERMS = 8
# essays.outbound fetches only public addresses; networks listed here are reachable too
# (tests name 127.0.0.1/32 for their local servers; production leaves it empty).
OUTBOUND_ALLOWED_NETWORKS = env.list("OUTBOUND_ALLOWED_NETWORKS", default=[])
# Where a DOI and an ISBN are looked up when an editor fills in a source (the Source form's
# "Fill in", Insert note): https://api.crossref.org/swagger-ui/index.html and
# https://openlibrary.org/dev/docs/api/books. Tests point both at servers on 127.0.0.1.
CROSSREF_API_URL = env.str("CROSSREF_API_URL", default="https://api.crossref.org")
OPENLIBRARY_URL = env.str("OPENLIBRARY_URL", default="https://openlibrary.org")
# The editor waits for the answer: seconds for the whole lookup, redirects and all.
SOURCE_LOOKUP_DEADLINE = env.float("SOURCE_LOOKUP_DEADLINE", default=8.0)
# Uploads with more pixels are refused, and stored ones get no renditions: a small file can
# promise an image that takes gigabytes to decode.
IMAGE_MAX_PIXELS = env.int("IMAGE_MAX_PIXELS", default=40_000_000)
# Bytes of one uploaded image; deploy/nginx.conf's client_max_body_size sits just above it.
IMAGE_MAX_UPLOAD_BYTES = env.int("IMAGE_MAX_UPLOAD_BYTES", default=25_000_000)
# Serve MEDIA_ROOT from Django (for `make run`); in production let the web server do it.
SERVE_MEDIA = env.bool("SERVE_MEDIA", default=DEBUG)

# COMMENTS
# ------------------------------------------------------------------------------
COMMENTS_MAX_DEPTH = env.int("COMMENTS_MAX_DEPTH", default=3)
# Top-level threads per page of comments. 20: a page of threads with a few replies each stays
# a few screens long (the issue measured 50 threads of four at 18,000 px), and most essays'
# discussions still fit on one page.
COMMENTS_PER_PAGE = env.int("COMMENTS_PER_PAGE", default=20)
COMMENTS_MAX_NAME_LENGTH = 80
COMMENTS_MAX_URL_LENGTH = 200
COMMENTS_MAX_BODY_LENGTH = env.int("COMMENTS_MAX_BODY_LENGTH", default=10000)
COMMENTS_FLOOD_SECONDS = env.int("COMMENTS_FLOOD_SECONDS", default=15)
COMMENTS_HOURLY_CAP_PER_IP = env.int("COMMENTS_HOURLY_CAP_PER_IP", default=30)
COMMENTS_MIN_SUBMIT_SECONDS = env.int("COMMENTS_MIN_SUBMIT_SECONDS", default=3)
COMMENTS_FORM_MAX_AGE_HOURS = env.int("COMMENTS_FORM_MAX_AGE_HOURS", default=24)
COMMENTS_EDIT_WINDOW_MINUTES = env.int("COMMENTS_EDIT_WINDOW_MINUTES", default=10)
# WordPress's discussion settings: hold comments with more than N links.
COMMENTS_MAX_LINKS = env.int("COMMENTS_MAX_LINKS", default=2)
# Words or phrases (also matched in name, email, URL and IP) that hold a comment or send it to spam.
COMMENTS_MODERATION_KEYS = env.list("COMMENTS_MODERATION_KEYS", default=[])
COMMENTS_DISALLOWED_KEYS = env.list("COMMENTS_DISALLOWED_KEYS", default=[])
# "all": every comment waits; "first-time": known commenters are approved when ham; "none".
COMMENTS_MODERATION_POLICY = env.str("COMMENTS_MODERATION_POLICY", default="first-time")
COMMENTS_METADATA_RETENTION_DAYS = env.int("COMMENTS_METADATA_RETENTION_DAYS", default=30)
COMMENTS_REMEMBER_COOKIE_DAYS = 365
# The request header that carries the client's IP behind a trusted proxy, e.g.
# HTTP_X_FORWARDED_FOR. Empty: REMOTE_ADDR. Each proxy appends the address it saw, so the
# client's is read from the right: past CLIENT_IP_PROXY_COUNT entries (1: one nginx), or
# past every entry inside CLIENT_IP_TRUSTED_PROXIES (networks, e.g. a CDN's) when set.
CLIENT_IP_HEADER = env.str("CLIENT_IP_HEADER", default="")
CLIENT_IP_PROXY_COUNT = env.int("CLIENT_IP_PROXY_COUNT", default=1)
CLIENT_IP_TRUSTED_PROXIES = env.list("CLIENT_IP_TRUSTED_PROXIES", default=[])
if CLIENT_IP_PROXY_COUNT < 1:
    raise ImproperlyConfigured("CLIENT_IP_PROXY_COUNT must be 1 or more.")

# SPAM CHECK
# ------------------------------------------------------------------------------
# https://akismet.com/developers/ (any Akismet-compatible service works)
AKISMET_API_KEY = env.str("AKISMET_API_KEY", default="")
AKISMET_API_URL = env.str("AKISMET_API_URL", default="https://rest.akismet.com/1.1/")
# Flags every call as test traffic, so the service does not learn from it.
AKISMET_IS_TEST = env.bool("AKISMET_IS_TEST", default=DEBUG)
# The reader waits for the check: about 2 s in all, retries included.
AKISMET_CONNECT_TIMEOUT = env.float("AKISMET_CONNECT_TIMEOUT", default=0.5)
AKISMET_READ_TIMEOUT = env.float("AKISMET_READ_TIMEOUT", default=1.5)
AKISMET_RETRIES = env.int("AKISMET_RETRIES", default=2)
AKISMET_BACKOFF = env.float("AKISMET_BACKOFF", default=0.1)
# "akismet" or "embedded" (offline: local signals and a model trained by moderators).
SPAM_CHECKER = env.str("SPAM_CHECKER", default="akismet" if AKISMET_API_KEY else "embedded")
if SPAM_CHECKER not in {"akismet", "embedded"}:
    raise ImproperlyConfigured(f"SPAM_CHECKER is {SPAM_CHECKER!r}; set akismet or embedded.")
if SPAM_CHECKER == "akismet" and not AKISMET_API_KEY:
    raise ImproperlyConfigured(
        "SPAM_CHECKER=akismet needs AKISMET_API_KEY; set it, or SPAM_CHECKER=embedded."
    )
# Blatant spam ("discard") is kept out of the moderation queue for N days, then deleted;
# SPAM_DISCARD_DROP deletes it at once, like WordPress's "silently discard" option.
SPAM_DISCARD_DROP = env.bool("SPAM_DISCARD_DROP", default=False)
SPAM_DISCARD_KEEP_DAYS = env.int("SPAM_DISCARD_KEEP_DAYS", default=15)
# A failed check is retried after 1, 2, 4 ... minutes, at most every 6 hours.
SPAM_RETRY_BASE_SECONDS = env.int("SPAM_RETRY_BASE_SECONDS", default=60)
SPAM_RETRY_MAX_SECONDS = env.int("SPAM_RETRY_MAX_SECONDS", default=6 * 3600)
# process_spam_queue: comments claimed per batch, how long a claim lasts, idle sleep.
SPAM_QUEUE_BATCH = env.int("SPAM_QUEUE_BATCH", default=20)
SPAM_QUEUE_LEASE_SECONDS = env.int("SPAM_QUEUE_LEASE_SECONDS", default=300)
SPAM_QUEUE_SLEEP_SECONDS = env.float("SPAM_QUEUE_SLEEP_SECONDS", default=5.0)
# Embedded checker: the model's spam probability that alone means spam, and with a link.
SPAM_BAYES_THRESHOLD = env.float("SPAM_BAYES_THRESHOLD", default=0.9)
SPAM_BAYES_UNSURE = env.float("SPAM_BAYES_UNSURE", default=0.6)
# Embedded checker: this many links alone mean spam (the moderation rules hold fewer).
SPAM_MAX_LINKS = env.int("SPAM_MAX_LINKS", default=6)

# MODERATION
# ------------------------------------------------------------------------------
# Moderators are mailed when a comment is held, then at most once per this many minutes
# (run `manage.py send_moderation_digest --forever`, or from cron, for what waits).
COMMENTS_NOTIFY_DIGEST_MINUTES = env.int("COMMENTS_NOTIFY_DIGEST_MINUTES", default=15)
# Used only when no active user with the can_moderate permission has an email address.
COMMENTS_MODERATOR_EMAILS = env.list("COMMENTS_MODERATOR_EMAILS", default=[])
# `manage.py purge_comments` deletes trash older than this, and blatant spam older than
# SPAM_DISCARD_KEEP_DAYS (WordPress's EMPTY_TRASH_DAYS is 30 too:
# https://developer.wordpress.org/reference/functions/wp_scheduled_delete/).
COMMENTS_TRASH_KEEP_DAYS = env.int("COMMENTS_TRASH_KEEP_DAYS", default=30)
# How long the Undo offered after a moderation action stays valid.
COMMENTS_UNDO_SECONDS = 3600

# NOTIFICATIONS
# ------------------------------------------------------------------------------
# Readers' mail goes through the outbox, sent by `manage.py process_spam_queue` (the one
# worker) with EMAIL_URL's backend; a failed send is retried with backoff, never dropped.
# A confirmation link is valid this long (double opt-in); unsubscribe and manage links longer.
COMMENTS_CONFIRM_LINK_DAYS = env.int("COMMENTS_CONFIRM_LINK_DAYS", default=3)
COMMENTS_SUBSCRIPTION_LINK_DAYS = env.int("COMMENTS_SUBSCRIPTION_LINK_DAYS", default=365)
# At most this many confirmation mails to one address per hour (a form is no mail cannon).
COMMENTS_CONFIRM_MAILS_PER_HOUR = env.int("COMMENTS_CONFIRM_MAILS_PER_HOUR", default=3)
# "Follow this discussion" requests from one IP address (IPv6: its /64) per hour.
COMMENTS_FOLLOWS_PER_HOUR = env.int("COMMENTS_FOLLOWS_PER_HOUR", default=10)
# Digest subscribers get one mail per this many hours; sent mail is kept this many days.
COMMENTS_DIGEST_HOURS = env.int("COMMENTS_DIGEST_HOURS", default=24)
COMMENTS_OUTBOX_KEEP_DAYS = env.int("COMMENTS_OUTBOX_KEEP_DAYS", default=30)
# Mails per claim (each may take EMAIL_TIMEOUT, all within SPAM_QUEUE_LEASE_SECONDS), and
# the longest wait between retries of one mail.
COMMENTS_OUTBOX_BATCH = env.int("COMMENTS_OUTBOX_BATCH", default=10)
COMMENTS_OUTBOX_MAX_BACKOFF_SECONDS = env.int("COMMENTS_OUTBOX_MAX_BACKOFF_SECONDS", default=3600)

# PERFORMANCE
# ------------------------------------------------------------------------------
# Anonymous essay pages are kept in the cache above (CACHE_URL) under keys made of content
# stamps (pages/caching.py), so an edit shows at once and nothing needs purging; this is
# only how long an unread version lingers. 0 turns the page cache off.
ESSAY_PAGE_CACHE_SECONDS = env.int("ESSAY_PAGE_CACHE_SECONDS", default=3600)
# Anonymous pages are one copy for every reader, sent with
# `Cache-Control: public, max-age=0, s-maxage=N, stale-while-revalidate=M`: browsers
# revalidate (304), shared caches (deploy/nginx.conf, a CDN) serve a copy for N seconds, so
# an approved comment shows within N, and serve it M seconds longer while they refetch.
# https://www.rfc-editor.org/rfc/rfc9111#name-s-maxage, https://www.rfc-editor.org/rfc/rfc5861
ESSAY_PAGE_S_MAXAGE = env.int("ESSAY_PAGE_S_MAXAGE", default=10)
ESSAY_PAGE_STALE_SECONDS = env.int("ESSAY_PAGE_STALE_SECONDS", default=30)
# The comment form's signed timestamp on a shared page is the start of a window this long,
# the same for every reader in it; time-to-fill (COMMENTS_MIN_SUBMIT_SECONDS) is measured
# from that start, so a shorter window keeps that signal sharper and refetches more often.
ESSAY_PAGE_FORM_WINDOW_SECONDS = max(1, env.int("ESSAY_PAGE_FORM_WINDOW_SECONDS", default=60))
