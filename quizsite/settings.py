"""Tally's one settings module.

Everything that differs between a laptop and production comes from environment
variables with safe development defaults (``DJANGO_*`` and ``DATABASE_URL``);
there is no production-only code path.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [
        item.strip()
        for item in os.environ.get(name, default).split(",")
        if item.strip()
    ]


DEBUG = env_bool("DJANGO_DEBUG", True)
SECRET_KEY = os.environ.get(
    "DJANGO_SECRET_KEY",
    # Development only: production refuses to start without its own key.
    "django-insecure-tally-development-key-do-not-use-in-production",
)
if not DEBUG and SECRET_KEY.startswith("django-insecure"):
    raise RuntimeError("Set DJANGO_SECRET_KEY when DJANGO_DEBUG is off.")

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "lessons",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "lessons.middleware.TimezoneMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "quizsite.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "quizsite" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
    # The student pages (quizsite/jinja_env.py says why): quizsite/jinja2/ and
    # lessons/jinja2/. Names never clash with the Django templates above.
    {
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [BASE_DIR / "quizsite" / "jinja2"],
        "APP_DIRS": True,
        "OPTIONS": {
            "environment": "quizsite.jinja_env.environment",
            "context_processors": [
                "lessons.context_processors.csrf",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "quizsite.wsgi.application"

# SQLite by default, PostgreSQL (or anything dj-database-url reads) from
# DATABASE_URL. Connections persist between requests: opening one per request
# costs more than most of our pages.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "600")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers run alongside the one writer; the busy timeout makes a
    # second writer wait instead of failing; IMMEDIATE takes the write lock at
    # the start of a transaction, so two writers never deadlock mid-way. The
    # file is not memory-mapped: with two processes saving answers, a mapped
    # file made each read and write cost a fifth more (README, Performance).
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
            "PRAGMA foreign_keys=ON;"
        ),
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Django's ModelBackend with a faster get_user (lessons/auth.py). Listed alone:
# a second backend would hash a wrong password twice on every failed sign-in.
AUTHENTICATION_BACKENDS = ["lessons.auth.FastModelBackend"]

AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Content-derived HTML fragments (lessons/fragments.py) and short-lived flags.
# Keys carry the content's version stamps, so nothing is ever invalidated and a
# per-process LocMemCache is correct; a shared backend only saves rebuilds.
CACHES = {
    "default": {
        "BACKEND": os.environ.get(
            "DJANGO_CACHE_BACKEND", "django.core.cache.backends.locmem.LocMemCache"
        ),
        "LOCATION": os.environ.get("DJANGO_CACHE_LOCATION", "tally"),
        "TIMEOUT": int(os.environ.get("DJANGO_CACHE_TIMEOUT", "86400")),
    }
}
if str(CACHES["default"]["BACKEND"]).rsplit(".", 1)[-1] in {
    "LocMemCache",
    "FileBasedCache",
    "DatabaseCache",
}:
    # Enough for every lesson, question and home page of a large site; the
    # oldest third is dropped when full.
    CACHES["default"]["OPTIONS"] = {
        "MAX_ENTRIES": int(os.environ.get("DJANGO_CACHE_MAX_ENTRIES", "5000"))
    }

# Signed-cookie sessions cost no query per request (see DESIGN.md §8); this
# engine verifies each cookie once per process (lessons/sessions.py).
SESSION_ENGINE = os.environ.get("DJANGO_SESSION_ENGINE", "lessons.sessions")
SESSION_COOKIE_HTTPONLY = True
# The CSRF secret lives in the (signed-cookie) session: a page that uses it
# sends no cookie of its own, where a CSRF cookie would be set again on every
# page to renew its expiry. No script reads it (forms carry the token).
CSRF_USE_SESSIONS = True

LANGUAGE_CODE = "en-us"
TIME_ZONE = os.environ.get("DJANGO_TIME_ZONE", "UTC")
# English only: no translation machinery on every label a page shows (a lazy
# label costs a catalogue lookup each time it is rendered).
USE_I18N = False
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

EMAIL_BACKEND = os.environ.get(
    "DJANGO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "tally@localhost")

# Production hardening, all on when DEBUG is off and each overridable.
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = env_bool("DJANGO_SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("DJANGO_CSRF_COOKIE_SECURE", not DEBUG)
SECURE_HSTS_SECONDS = int(
    os.environ.get("DJANGO_SECURE_HSTS_SECONDS", "0" if DEBUG else "31536000")
)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = env_bool("DJANGO_SECURE_HSTS_PRELOAD", False)
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https")
    if env_bool("DJANGO_BEHIND_PROXY", False)
    else None
)

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "lessons:home"
LOGOUT_REDIRECT_URL = "lessons:home"

REST_FRAMEWORK = {
    "EXCEPTION_HANDLER": "lessons.api.errors.exception_handler",
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": [
        "rest_framework.permissions.IsAuthenticatedOrReadOnly"
    ],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 20,
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    # DRF's throttles counted per fixed window (lessons/api/throttling.py says why).
    "DEFAULT_THROTTLE_CLASSES": [
        "lessons.api.throttling.AnonRateThrottle",
        "lessons.api.throttling.UserRateThrottle",
        "lessons.api.throttling.ScopedRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": os.environ.get("TALLY_THROTTLE_ANON", "600/minute"),
        "user": os.environ.get("TALLY_THROTTLE_USER", "6000/minute"),
        "auth": os.environ.get("TALLY_THROTTLE_AUTH", "20/minute"),
    },
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Tally API",
    "DESCRIPTION": (
        "Articles, figures, findings, lessons and quizzes: everything a student or "
        "teacher does in Tally's web UI."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
}

# The largest article text a teacher may import, in characters.
TALLY_MAX_ARTICLE_CHARS = int(os.environ.get("TALLY_MAX_ARTICLE_CHARS", "100000"))
# The cache for content HTML (lessons/fragments.py); None turns it off.
TALLY_FRAGMENT_CACHE = os.environ.get("TALLY_FRAGMENT_CACHE", "default") or None
TALLY_SEEDS_DIR = Path(os.environ.get("TALLY_SEEDS_DIR", BASE_DIR / "seeds"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {
        "handlers": ["console"],
        "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO"),
    },
}
