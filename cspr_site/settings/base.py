"""Settings shared by every environment; the others only override what differs."""

import datetime
import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF, UNSAFE_EVAL, UNSAFE_INLINE

from .env import env_bool, env_int, env_list

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent

DEBUG = env_bool("DJANGO_DEBUG", False)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["localhost", "127.0.0.1"])

INSTALLED_APPS = [
    "cspr_site",
    "reviews",
    "learning",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.frontend_cache",
    "wagtail.contrib.table_block",
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
    "django_filters",
    "csp",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    # First, so a stored page keeps every header the others add (see cspr_site/cache.py).
    "cspr_site.cache.AnonymousPageCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Outside WhiteNoise and CommonMiddleware: static files and the 400 for a host not in
    # ALLOWED_HOSTS answer from there, and carry these headers too.
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "cspr_site.middleware.ContentSecurityPolicyMiddleware",
    "cspr_site.middleware.PermissionsPolicyMiddleware",
    # Inside the headers above, before anything that looks an address up.
    "cspr_site.middleware.UnreadableAddressMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Inside the message middleware: a refusal deep in a Wagtail view is shown with its reason.
    "reviews.window.middleware.WindowRefusalMessagesMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # After (inside) Wagtail's: an address a review was published at wins over a hand-made redirect.
    "reviews.window.addresses.PublishedAddressMiddleware",
    # Last, as django-axes asks: it turns a refused sign-in into the lockout response.
    "axes.middleware.AxesMiddleware",
]

# Public pages load only the site's own files and carry no inline script or style, so their
# policy needs no 'unsafe-inline'. The Wagtail admin needs inline code, eval (choosers) and
# same-origin frames (preview); it gets CONTENT_SECURITY_POLICY_ADMIN, under /admin/ only.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
CONTENT_SECURITY_POLICY_ADMIN = {
    "DIRECTIVES": {
        **CONTENT_SECURITY_POLICY["DIRECTIVES"],
        "script-src": [SELF, UNSAFE_INLINE, UNSAFE_EVAL],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:", "blob:"],
        # The dashboard's notice of a new Wagtail release.
        "connect-src": [SELF, "https://releases.wagtail.org"],
        "frame-ancestors": [SELF],
    }
}
# Browser features no page uses, off for the site and anything it could ever embed.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "usb",
    )
}

# Sign-in lockout (django-axes): after AXES_FAILURE_LIMIT failures from one address, or against
# one account, that address or account cannot sign in for the cool-off time (docs/security.md
# says how to lift it sooner). The standalone backend checks before any other.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 30))
# Many guesses from one address, or at one account from many addresses, both stop at the limit.
AXES_LOCKOUT_PARAMETERS = ["ip_address", "username"]
# A success clears only that account's failures from that address (cspr_site/lockout.py).
AXES_RESET_ON_SUCCESS = False
AXES_CLIENT_IP_CALLABLE = "cspr_site.middleware.client_ip_address"
# Reverse proxies in front of the app that append to X-Forwarded-For (1 behind nginx). With 0
# the header is ignored: a visitor could write anything in it to dodge a lockout.
TRUSTED_PROXY_COUNT = env_int("DJANGO_TRUSTED_PROXY_COUNT", 0)

# Signing in at Wagtail's /_util/login/ without a page to return to lands on the home page,
# not Django's /accounts/profile/, which this site does not have.
LOGIN_REDIRECT_URL = "/"

ROOT_URLCONF = "cspr_site.urls"
WSGI_APPLICATION = "cspr_site.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# The embedded default is a SQLite file beside manage.py; DATABASE_URL points anywhere else.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # The web server, the background worker and the scheduler share one file: readers never wait
    # for a writer (WAL), and a writer takes its lock at the start of a transaction and waits for
    # another's, instead of failing half-way with "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
# Publication windows are calendar years in the partnership's own time zone.
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", BASE_DIR / "media"))

# Browsers apply the feed's XSL stylesheet only when it is served as XML; WhiteNoise does not know .xsl.
WHITENOISE_MIMETYPES = {".xsl": "text/xsl"}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# One server: each worker keeps a memory cache. Several servers share Redis (REDIS_URL).
if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "KEY_PREFIX": "cspr",
            # A Redis outage must not take the site down: pages are rendered instead (and logged).
            "OPTIONS": {"IGNORE_EXCEPTIONS": True, "SOCKET_CONNECT_TIMEOUT": 1, "SOCKET_TIMEOUT": 1},
        }
    }
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": 2000},
        }
    }
# How long a public page is served from the cache (cspr_site/cache.py); 0 turns it off.
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 300)
# Without Redis, the processes that publish (web workers, the scheduler) share this file to
# drop each other's cached pages; the media folder is already shared by all of them.
PAGE_CACHE_GENERATION_FILE = MEDIA_ROOT / ".page-cache-generation"

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "reviews@localhost")

WAGTAIL_SITE_NAME = os.environ.get("WAGTAIL_SITE_NAME", "Safeguarding Children Partnership")
# The public address: the default site is kept at it on every migrate (cspr_site/site_address.py),
# so canonical links, the sitemap and the feed name it; `make run` sets it for its own port.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL") or SITE_URL
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}

# Reports are PDFs; nothing else belongs in the document library.
WAGTAILDOCS_EXTENSIONS = ["pdf"]
# Refuses moving the report of an in-window review into a private collection.
WAGTAILDOCS_DOCUMENT_FORM_BASE = "reviews.documents.forms.ReportDocumentForm"
WAGTAILDOCS_MAX_UPLOAD_SIZE = env_int("WAGTAILDOCS_MAX_UPLOAD_SIZE", 30 * 1024 * 1024)
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
# A small file can declare a huge picture: 10,000 x 10,000 pixels needs about 900 MB to resize.
# 25 megapixels takes any camera photo (6,000 x 4,000) and keeps a worker within a few hundred MB.
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 25_000_000
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
# Wagtail stores shared passwords of private pages and collections in plain text: not offered.
WAGTAIL_PRIVATE_PAGE_OPTIONS = {"SHARED_PASSWORD": False}
WAGTAILDOCS_PRIVATE_COLLECTION_OPTIONS = {"SHARED_PASSWORD": False}
# Editors' e-mail addresses are not sent to a third party (Gravatar) for avatars.
WAGTAIL_GRAVATAR_PROVIDER_URL = None

# Renaming or moving a page keeps its old address working.
WAGTAILREDIRECTS_AUTO_CREATE = True

# Approving the last workflow step publishes as the approver, including moderators, who have no
# publish permission of their own (reviews/workflows.py).
WAGTAIL_FINISH_WORKFLOW_ACTION = "reviews.editorial.finish.publish_approved_page"
# Working days the national Panel must have a CSPR's full report before it is published.
CSPR_PANEL_NOTICE_WORKING_DAYS = 7

# Wagtail's own tasks (the reference index the document rules read, image focal points) run at
# once, as they always have. The site's background work (disclosure checks of long reports,
# scheduled publication, the window self-audit, e-mail) goes to a queue in the database that
# `manage.py db_worker --backend background` works through; `manage.py run_scheduler` adds the
# periodic jobs to it (cspr_site/scheduler.py). `make run` and Compose start both.
BACKGROUND_TASKS = "background"
TASKS = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    BACKGROUND_TASKS: {"BACKEND": "django_tasks_db.DatabaseBackend"},
}

# E-mail alerts (learning/alerts): how long an alert waits after its page goes live, so that a
# page taken back at once is never announced; how many alerts are written and sent together;
# over how many SMTP connections at once.
ALERTS_HOLD_MINUTES = env_int("ALERTS_HOLD_MINUTES", 10)
ALERTS_BATCH_SIZE = env_int("ALERTS_BATCH_SIZE", 200)
ALERTS_SMTP_CONNECTIONS = env_int("ALERTS_SMTP_CONNECTIONS", 4)

# Everything goes to the process's standard error, which `make run` (honcho), gunicorn, Compose
# and systemd all keep. Django's own errors are included whatever DEBUG says: by default Django
# prints them only with DEBUG on and otherwise e-mails ADMINS, which this site does not set, so
# a 500 would leave nothing but a line in the access log.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {
        "django": {"handlers": ["console"], "level": "ERROR"},
        "reviews": {"handlers": ["console"], "level": "INFO"},
        "learning": {"handlers": ["console"], "level": "INFO"},
        "cspr_site": {"handlers": ["console"], "level": "INFO"},
        "django_tasks": {"handlers": ["console"], "level": "INFO"},
        "django_tasks_db": {"handlers": ["console"], "level": "INFO"},
    },
}
