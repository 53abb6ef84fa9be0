"""Settings shared by every environment. Secrets and hosts come from the environment."""

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("LAOCAI_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # Project apps first so their templates and translations win.
    "cms",
    "search",
    "tourism",
    "lodging",
    "lodging.police",
    "lodging.national",
    # Wagtail and localisation
    "wagtail_localize",
    "wagtail_localize.locales",
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
    # APIs, imports, background tasks
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "import_export",
    "django_tasks",
    "django_tasks_db",
    # Django
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    # Security: two-factor devices, login throttling, Content Security Policy
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "csp",
    "wagtailcache",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "cms.security.PrivacyHeadersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "cms.middleware.ApiLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "cms.two_factor.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "cms.security.ContentSecurityPolicyMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes asks: turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "laocai.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "laocai" / "templates"],  # the pages that compose the apps
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

WSGI_APPLICATION = "laocai.wsgi.application"

# SQLite file as the embedded default; DATABASE_URL=postgres://... in CI and production.
DATABASES = {
    "default": dj_database_url.config(
        env="DATABASE_URL",
        default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# django-axes checks every login (staff, police, both admins, the API token) first.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
     "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Vietnamese is the default language; English from day one. Adding zh-hans or fr later
# is a settings change plus translations, no code change.
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAIL_I18N_ENABLED = True
LOCALE_PATHS = [BASE_DIR / "cms" / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "cms" / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Upload limits (spreadsheets and images are checked again by the importers).
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Wagtail
WAGTAIL_SITE_NAME = _("Lào Cai Tourism")
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAIL_ADMIN_URL = os.environ.get("WAGTAIL_ADMIN_URL", "cms-admin/")
POLICE_URL = os.environ.get("POLICE_URL", "police/")
DJANGO_ADMIN_URL = os.environ.get("DJANGO_ADMIN_URL", "django-admin/")
# Wagtail's admin search stays on its database backend: its Elasticsearch backend needs
# analysis plugins that the local test server does not ship (see README).
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILIMAGES_IMAGE_MODEL = "wagtailimages.Image"
# Editors choose the admin's language in their account among the site's languages
# (Wagtail's own list leaves Vietnamese out). Without a choice the admin is Vietnamese:
# LocaleMiddleware gives every path outside the language prefixes LANGUAGE_CODE, and
# Wagtail falls back to the active language.
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
# The admin calls no third party: no Gravatar (it would send a hash of each editor's
# e-mail to gravatar.com) and no check for new Wagtail releases from the browser.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False

# Caches: the default one in memory (per process); anonymous portal pages in a file
# cache shared by the workers of the machine (cms/page_cache.py).
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "300"))
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "pages": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": os.environ.get("PAGE_CACHE_DIR", str(VAR_DIR / "cache" / "pages")),
        "TIMEOUT": PAGE_CACHE_SECONDS,
        "OPTIONS": {"MAX_ENTRIES": 20_000},
    },
}
WAGTAIL_CACHE = env_bool("PAGE_CACHE", True) and PAGE_CACHE_SECONDS > 0
WAGTAIL_CACHE_BACKEND = "pages"

# Elasticsearch: the public portal and the police stays index.
ELASTICSEARCH = {
    "URL": os.environ.get("ELASTICSEARCH_URL", "http://127.0.0.1:9200"),
    "USERNAME": os.environ.get("ELASTICSEARCH_USERNAME", ""),
    "PASSWORD": os.environ.get("ELASTICSEARCH_PASSWORD", ""),
    "API_KEY": os.environ.get("ELASTICSEARCH_API_KEY", ""),
    "CA_CERTS": os.environ.get("ELASTICSEARCH_CA_CERTS", ""),
    "INDEX_PREFIX": os.environ.get("ELASTICSEARCH_INDEX_PREFIX", "laocai"),
    "TIMEOUT": float(os.environ.get("ELASTICSEARCH_TIMEOUT", "5")),
    "HEALTH_TIMEOUT": float(os.environ.get("ELASTICSEARCH_HEALTH_TIMEOUT", "1")),
}

# Background work (index outbox draining) through django-tasks' database backend.
# A web process queues at most one outbox drain per window (search/outbox.py): new
# stays are searchable within about this long plus the worker's poll interval.
INDEX_DRAIN_WINDOW_SECONDS = float(os.environ.get("INDEX_DRAIN_WINDOW_SECONDS", "0.5"))
TASKS = {
    "default": {"BACKEND": "django_tasks_db.backend.DatabaseBackend"},
}

# The national stay-notification portal (lodging/national/, README "National portal").
NATIONAL_TRANSPORT = os.environ.get("NATIONAL_TRANSPORT", "file")  # or "http"
NATIONAL_VN_TEMPLATE = os.environ.get("NATIONAL_VN_TEMPLATE", "")  # official tblt_vn_import.xlsx
# Unverified whether the portal skips the first XML record as it does row 4 of the sheet.
NATIONAL_XML_SKIPS_FIRST_RECORD = os.environ.get("NATIONAL_XML_SKIPS_FIRST_RECORD", "") == "1"
NATIONAL_API = {
    "BASE_URL": os.environ.get("NATIONAL_API_BASE_URL", ""),
    "TOKEN_URL": os.environ.get("NATIONAL_API_TOKEN_URL", ""),
    "CLIENT_ID": os.environ.get("NATIONAL_API_CLIENT_ID", ""),
    "CLIENT_SECRET": os.environ.get("NATIONAL_API_CLIENT_SECRET", ""),
    "SCOPE": os.environ.get("NATIONAL_API_SCOPE", ""),
    "TIMEOUT": float(os.environ.get("NATIONAL_API_TIMEOUT", "15")),
    "MAX_ATTEMPTS": int(os.environ.get("NATIONAL_API_MAX_ATTEMPTS", "6")),
    "BACKOFF_SECONDS": float(os.environ.get("NATIONAL_API_BACKOFF_SECONDS", "30")),
    # Each call's path under BASE_URL (unverified): new stays, and changes of stays held.
    "VN_PATH": os.environ.get("NATIONAL_API_VN_PATH", "khach-viet-nam"),
    "FOREIGN_PATH": os.environ.get("NATIONAL_API_FOREIGN_PATH", "khach-nuoc-ngoai"),
    "VN_CHANGE_PATH": os.environ.get("NATIONAL_API_VN_CHANGE_PATH", "khach-viet-nam/thay-doi"),
    "FOREIGN_CHANGE_PATH": os.environ.get("NATIONAL_API_FOREIGN_CHANGE_PATH",
                                          "khach-nuoc-ngoai/thay-doi"),
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    # Every JSON body is read by one parser that refuses deep nesting with a 400.
    "DEFAULT_PARSER_CLASSES": [
        "cms.api_parsers.BoundedJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Lào Cai tourism and stay registration API",
    "DESCRIPTION": "Public search, stay registration for establishments (PMS) and police review.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI served from our own static files, never a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "PREPROCESSING_HOOKS": ["cms.api_schema.public_api_only"],
    # Two fields named `kind` in the API: the national batches' keeps the name it had.
    "ENUM_NAME_OVERRIDES": {"KindEnum": "lodging.national.models.BatchKind",
                            "ScanKindEnum": "lodging.scan_images.ScanKind"},
}

# Query-string values are masked in every request line and URL that reaches a log
# (cms/logs.py): on the request loggers themselves, so that every handler sees the
# masked record, and on the console handler for anything else. gunicorn's access and
# error logs get the same filter through gunicorn.conf.py.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_lines": {"()": "cms.logs.RequestLineFilter"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "django.server": {"()": "django.utils.log.ServerFormatter",
                          "format": "[{server_time}] {message}", "style": "{"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain",
                    "filters": ["request_lines"]},
        "django.server": {"class": "logging.StreamHandler", "formatter": "django.server",
                          "filters": ["request_lines"]},
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "elastic_transport": {"level": "WARNING"},
        "elasticsearch": {"level": "WARNING"},
        "django.request": {"filters": ["request_lines"]},
        "django.server": {"handlers": ["django.server"], "level": "INFO",
                          "propagate": False, "filters": ["request_lines"]},
    },
}


# --- Security (accounts, sessions, headers) ---
from datetime import timedelta  # noqa: E402

from csp.constants import NONCE, NONE, SELF  # noqa: E402

# Pages that need a signed-in user send anonymous visitors to the staff sign-in form
# (any account can sign in there; police have their own at /police/login/).
LOGIN_URL = "lodging:login"
# Sign-ins without `next` land on each account's own start page (lodging.views.home_for);
# this is only the fallback of other login views.
LOGIN_REDIRECT_URL = "/"

# Sessions: a signed-in receptionist or officer who walks away is signed out after an
# idle hour (the cookie is renewed on every request) and when the browser closes.
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_IDLE_SECONDS", str(60 * 60)))
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"  # Wagtail's own preview views answer SAMEORIGIN

# Login throttling: five failed passwords for one username from one address lock that
# pair for COOLOFF; a success resets the count. Behind a reverse proxy, set
# AXES_PROXY_COUNT to the number of proxies so the client's address is the one counted.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "cms.security.lockout_response"
# Without a proxy the client's own X-Forwarded-For is never believed (it would let a
# guesser dodge the lockout by inventing addresses).
AXES_IPWARE_PROXY_COUNT = int(os.environ.get("AXES_PROXY_COUNT", "0")) or None
AXES_IPWARE_META_PRECEDENCE_ORDER = (["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]
                                     if AXES_IPWARE_PROXY_COUNT else ["REMOTE_ADDR"])
AXES_VERBOSE = False  # axes would log usernames and addresses at INFO

# Two-factor authentication (TOTP apps, with single-use backup codes) is required for
# superusers and for the people these functions name; see cms/two_factor.py.
TWO_FACTOR_ENFORCED = env_bool("TWO_FACTOR_ENFORCED", True)
TWO_FACTOR_REQUIRED_FOR = [
    "lodging.selectors.is_establishment_owner",
    "lodging.police.permissions.is_police_user",
]
# Page types an editor may feature on the home page.
HOME_FEATURED_PAGE_TYPES = ["tourism.DestinationPage", "tourism.AttractionPage"]

# Views an account that still owes its second step may reach besides the step itself.
TWO_FACTOR_OPEN_VIEWS = ["lodging:logout", "police:logout", "wagtailadmin_logout",
                         "admin:logout", "healthz"]
OTP_TOTP_ISSUER = "Lào Cai"
OTP_TOTP_THROTTLE_FACTOR = 1  # each wrong code doubles the wait before the next try

# Content Security Policy: only our own scripts and styles (no inline script without the
# request's nonce), map tiles from OpenStreetMap, video embeds from the providers the
# content blocks allow. The admin interfaces get their own, looser policy in
# cms/security.py because Wagtail's and Django's admin ship inline scripts and styles.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:", "https://tile.openstreetmap.org"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "media-src": [SELF],
        "frame-src": ["https://www.youtube.com", "https://www.youtube-nocookie.com",
                      "https://player.vimeo.com"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}


# --- Faults, fuzzing and privacy (hardening) ---
SPECTACULAR_SETTINGS["POSTPROCESSING_HOOKS"] = [
    "drf_spectacular.hooks.postprocess_schema_enums",
    "cms.api_schema.document_framework_errors",
]
# Error reports hide personal data (cms/reporting.py); Elasticsearch's client logs request
# and response bodies (stay documents: names, document numbers) at DEBUG: never below
# WARNING, whatever LOG_LEVEL says.
DEFAULT_EXCEPTION_REPORTER_FILTER = "cms.reporting.PersonalDataExceptionReporterFilter"
DEFAULT_EXCEPTION_REPORTER = "cms.reporting.PersonalDataExceptionReporter"
LOGGING["loggers"]["elastic_transport"] = {"level": "WARNING"}
LOGGING["loggers"]["elasticsearch"] = {"level": "WARNING"}

# --- Uploads (hardening) ---
# Every spreadsheet import reads through cms.spreadsheets (limits below, checked before
# the file is parsed); django-import-export's admin import views use its formats too.
SPREADSHEET_MAX_BYTES = 5 * 1024 * 1024
SPREADSHEET_MAX_ROWS = 20_000
SPREADSHEET_XLSX_MAX_UNCOMPRESSED_BYTES = 100 * 1024 * 1024
SPREADSHEET_XLSX_MAX_RATIO = 200
from cms import spreadsheets as _spreadsheets  # noqa: E402 (format classes, as the docs show)

IMPORT_EXPORT_FORMATS = [_spreadsheets.CSV, _spreadsheets.XLSX]
# Images: at most 10 MB and 50 megapixels (a decompression bomb is refused from its
# header); cms.images.ImageForm also decodes the whole file so a truncated image is
# refused at upload, not when a page first renders it.
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 50_000_000
WAGTAILIMAGES_IMAGE_FORM_BASE = "cms.images.ImageForm"

# --- Privacy: retention, audit hashes, police searches (issue 16) ---
# Stays are anonymised this many days after they end (the worker runs it every night at
# STAY_ANONYMISE_HOUR local time; lodging/police/tasks.py).
STAY_RETENTION_DAYS = int(os.environ.get("STAY_RETENTION_DAYS", str(3 * 365 + 1)))
STAY_ANONYMISE_HOUR = int(os.environ.get("STAY_ANONYMISE_HOUR", "3"))
# The key of the audit log's hashes of searched names, numbers and birth dates. Empty:
# derived from SECRET_KEY; set it on its own so that rotating SECRET_KEY keeps old audit
# events matchable to a complaint.
AUDIT_HASH_KEY = os.environ.get("AUDIT_HASH_KEY", "")
# A police search is kept on the server under an opaque id for this long (paging,
# timeline and export links carry the id, never the terms).
POLICE_SEARCH_TTL_SECONDS = int(os.environ.get("POLICE_SEARCH_TTL_SECONDS", "1800"))
# The same for a hotel owner's search of past stays (lodging/searches.py).
STAFF_SEARCH_TTL_SECONDS = int(os.environ.get("STAFF_SEARCH_TTL_SECONDS", "1800"))

# --- Receipts, verification and reminders ---
# The site's public address, for links that leave it (the receipt's QR code, e-mails):
# e.g. https://luutru.laocai.gov.vn. Empty: the request's own host (the worker, which
# has no request, then writes http://127.0.0.1:8000).
PUBLIC_BASE_URL = os.environ.get("PUBLIC_BASE_URL", "")
# DejaVu Sans (Debian's fonts-dejavu-core) draws every Vietnamese letter of the PDF.
RECEIPT_FONT_DIR = os.environ.get("RECEIPT_FONT_DIR", "/usr/share/fonts/truetype/dejavu")
# Public receipt look-ups per client address (verification page and API together).
RECEIPT_LOOKUP_RATE = os.environ.get("RECEIPT_LOOKUP_RATE", "30/minute")
# Photos of identity documents read by POST /api/v1/scan/, per account (a family of
# five with a retaken photo or two is well within it).
SCAN_RATE = os.environ.get("SCAN_RATE", "30/minute")
# Bounds of the passport reader per photo: Tesseract runs and seconds (lodging.mrz_ocr).
SCAN_OCR_MAX_VARIANTS = int(os.environ.get("SCAN_OCR_MAX_VARIANTS", "12"))
SCAN_OCR_SECONDS = float(os.environ.get("SCAN_OCR_SECONDS", "10"))
# DRF counts the client behind the same proxies as django-axes (never a client's own
# X-Forwarded-For when there is no proxy).
REST_FRAMEWORK["NUM_PROXIES"] = AXES_IPWARE_PROXY_COUNT or 0
# Throttle counts shared by the machine's web processes.
CACHES["throttle"] = {
    "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
    "LOCATION": os.environ.get("THROTTLE_CACHE_DIR", str(VAR_DIR / "cache" / "throttle")),
}

# E-mail: SMTP from the environment in production (dev prints to the console, tests keep
# messages in memory).
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "20"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "luutru@localhost")
# Reminders (lodging/reminders.py): the worker looks every REMINDER_INTERVAL_MINUTES; the
# owners' daily digest goes out from REMINDER_DIGEST_HOUR (Asia/Ho_Chi_Minh).
REMINDER_INTERVAL_MINUTES = int(os.environ.get("REMINDER_INTERVAL_MINUTES", "15"))
REMINDER_DIGEST_HOUR = int(os.environ.get("REMINDER_DIGEST_HOUR", "7"))
# Sections of the owners' digest, in order: each a function (owner, establishments, now,
# language) returning a lodging.reminders.DigestSection, or None when it has nothing.
REMINDER_DIGEST_SECTIONS = [
    "lodging.reminders.overdue_departures_section",
    "lodging.national.reminders.undelivered_section",
]
# fontTools reports every glyph it subsets into a receipt PDF at INFO.
LOGGING["loggers"]["fontTools"] = {"level": "WARNING"}
