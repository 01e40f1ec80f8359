"""
Settings for the publication, read from the environment.

Every variable is documented in README.md ("Configuration"). Nothing exists only in
production: behaviour switches on environment variables. Django's own settings are here;
the publication's (essays, comments, spam checking, pages and their caches) are in
config/settings/publication.py, imported at the end.
"""

import contextlib
import datetime
import os
import secrets
import warnings
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from config.settings.environment import BASE_DIR, DEBUG, VAR_DIR, env

# GENERAL
# ------------------------------------------------------------------------------
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
    # First: answers an anonymous essay page with the whole response the stack below gave
    # the same request before (pages/replay.py), so it must see every header they add.
    "pages.replay.ReplayMiddleware",
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
    # Django's backend, but for BEGIN waiting on the lock in short steps (config/sqlite3).
    DATABASES["default"]["ENGINE"] = "config.sqlite3"
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

# The publication's own settings, after Django's.
from config.settings.publication import *  # noqa: E402, F403
