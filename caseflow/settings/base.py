"""Settings shared by every environment.

Every environment variable the project reads is read here, in one place. The other settings
modules (local, test, production) only choose defaults or harden what is read here.
"""

from pathlib import Path

import environ
from celery.schedules import crontab

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()

SECRET_KEY = env.str("DJANGO_SECRET_KEY")
DEBUG = env.bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

DATABASES = {"default": env.db("DATABASE_URL")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=0)
# A kept connection is checked before each request reuses it, so a database restart costs no request.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"].endswith("postgresql"):
    # PostgreSQL compiles a query to machine code when its cost estimate is high, which a count
    # over every child's episode soon is; for queries that run in milliseconds the compiling is
    # most of the time (120 ms of a 170 ms dashboard query at the national benchmark size). And it
    # starts helper processes for a query it expects to be long: on a small server the start-up
    # costs more than the help (the child page's timeline query, 19 ms with two helpers, 2 ms
    # without). DATABASE_JIT=true and DATABASE_PARALLEL_WORKERS=<n> bring them back.
    session = [f"max_parallel_workers_per_gather={env.int('DATABASE_PARALLEL_WORKERS', default=0)}"]
    if not env.bool("DATABASE_JIT", default=False):
        session.append("jit=off")
    options = DATABASES["default"].setdefault("OPTIONS", {})
    options["options"] = " ".join([options.get("options", ""), *(f"-c {setting}" for setting in session)]).strip()
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

INSTALLED_APPS = [
    "caseflow.apps.CaseflowAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "django_filters",
    "django_htmx",
    "rules.apps.AutodiscoverRulesConfig",
    "simple_history",
    "csp",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "caseflow.apps.CaseflowConfig",
    "pathways",
    "reunification",
    "meetings",
    "reports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "caseflow.middleware.NoStoreForAuthenticatedMiddleware",
    "caseflow.middleware.SessionTimeoutMiddleware",
    "caseflow.middleware.TwoFactorMiddleware",
    "caseflow.middleware.RefusedAccessLogMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "caseflow.urls"
WSGI_APPLICATION = "caseflow.wsgi.application"

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
                "caseflow.context_processors.service",
            ],
        },
    },
]

FORM_RENDERER = "caseflow.form_fields.GovukFormRenderer"

AUTH_USER_MODEL = "caseflow.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# The child page's built record (caseflow.child_page), keyed by the child's record version: a
# change makes a new key, so nothing is ever invalidated and a stale entry is never read. With
# CASEFLOW_CACHE_URL (redis://...) every process shares one cache; without it each keeps its own.
# The timeout bounds how long a renamed worker or team (not on the child's timeline) keeps its old
# name there.
_CHILD_PAGE_CACHE_SECONDS = env.int("CASEFLOW_CHILD_PAGE_CACHE_SECONDS", default=10 * 60)
_CACHE_URL = env.str("CASEFLOW_CACHE_URL", default="")
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "caseflow"},
    "child_pages": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": _CACHE_URL,
         "TIMEOUT": _CHILD_PAGE_CACHE_SECONDS, "KEY_PREFIX": "caseflow"}
        if _CACHE_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "child-pages",
              "TIMEOUT": _CHILD_PAGE_CACHE_SECONDS, "OPTIONS": {"MAX_ENTRIES": 500}}
    ),
}  # fmt: skip

SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=False)
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True  # forms carry the token; no script reads the cookie
# Sessions end after 30 minutes idle (each request renews them) and 10 hours after signing in
# (SessionTimeoutMiddleware), or when the browser closes.
SESSION_COOKIE_AGE = env.int("CASEFLOW_SESSION_IDLE_SECONDS", default=30 * 60)
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
CASEFLOW_SESSION_ABSOLUTE_SECONDS = env.int("CASEFLOW_SESSION_ABSOLUTE_SECONDS", default=10 * 60 * 60)

# Sign-in lockout (django-axes): five failures for a username lock it for 15 minutes.
AXES_FAILURE_LIMIT = env.int("CASEFLOW_SIGN_IN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("CASEFLOW_SIGN_IN_LOCKOUT_HOURS", default=0.25)
# By username, not address: a council's shared address must not lock a whole office out, and an
# attacker who rotates addresses, cookies or browsers still meets the username's limit.
AXES_LOCKOUT_PARAMETERS = ["username"]
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# Two-step sign-in (django-otp, TOTP) for the roles an administrator requires it of (RoleSetting).
OTP_TOTP_ISSUER = "CaseFlow"
OTP_ADMIN_HIDE_SENSITIVE_DATA = True  # an administrator never sees anyone's secret key
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# No inline script or style anywhere: every script is a static file.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

# Celery: a Redis broker in deployment; the embedded default runs tasks eagerly in-process.
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="memory://localhost/")
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_TIMEOUT = 3
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "socket_connect_timeout": 3,
    "socket_timeout": 3,
    # Tasks are acknowledged when they end (acks_late): one whose worker died is delivered again
    # after this many seconds. Longer than any task runs, so a slow task is never run twice.
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT_SECONDS", default=3600),
}
# A web request that queues work must not hang when the broker is down: try briefly, then give up
# (the outbox keeps the work and the scheduled run picks it up).
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 2, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.5}
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE = {
    # Every minute: proves the beat process is alive (read by /healthz).
    "beat-heartbeat": {"task": "caseflow.tasks.beat_heartbeat", "schedule": crontab()},
    # Every 15 minutes: the deadline scan (idempotent; a missed run catches up on the next).
    "scan-deadlines": {"task": "caseflow.tasks.scan_deadlines", "schedule": crontab(minute="*/15")},
    # Every minute: email what the notification outbox holds (covers a broker that was down).
    "deliver-notifications": {"task": "caseflow.tasks.deliver_notifications", "schedule": crontab()},
    # 05:00 Europe/London daily: last month's POB report, once (so a missed 1st catches up).
    "pob-report": {"task": "reports.tasks.scheduled_pob_report", "schedule": crontab(hour="5", minute="0")},
    # 06:00 Europe/London daily: children whose planned return is now 60 days away or less.
    "pathway-final-60-days": {
        "task": "pathways.tasks.propose_final_60_days",
        "schedule": crontab(hour="6", minute="0"),
    },
}

# What /healthz calls stale: a beat that has not ticked for this many seconds.
CASEFLOW_BEAT_STALE_AFTER_SECONDS = env.int("CASEFLOW_BEAT_STALE_AFTER_SECONDS", default=300)
# Going Home pathway thresholds (SPEC section 3): 'within 12 months' and 'within 60 days'.
CASEFLOW_PATHWAY_PLAN_HORIZON_MONTHS = env.int("CASEFLOW_PATHWAY_PLAN_HORIZON_MONTHS", default=12)
CASEFLOW_PATHWAY_FINAL_WINDOW_DAYS = env.int("CASEFLOW_PATHWAY_FINAL_WINDOW_DAYS", default=60)
# Shown on the login page only where demo data is seeded; never set in production.
CASEFLOW_DEMO_PASSWORD = env.str("CASEFLOW_DEMO_PASSWORD", default="")

EMAIL_BACKEND = env.str("DJANGO_EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env.str("DJANGO_DEFAULT_FROM_EMAIL", default="caseflow@localhost")
# Where the file-based email backend writes (make run, the fault drills).
EMAIL_FILE_PATH = env.str("DJANGO_EMAIL_FILE_PATH", default=str(BASE_DIR / "var" / "sent-emails"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {"()": "caseflow.security_log.JsonFormatter"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain"},
        "security": {"class": "logging.StreamHandler", "formatter": "json"},
    },
    "root": {"handlers": ["console"], "level": env.str("DJANGO_LOG_LEVEL", default="INFO")},
    # Each task run is logged by Celery at INFO; warnings and errors are what an operator needs.
    "loggers": {
        "celery.app.trace": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
        # Security events as one JSON object per line: who, when (UTC), where, what.
        "caseflow.security": {"handlers": ["security"], "level": "INFO", "propagate": False},
    },
}
# Change reasons carry the requester's and approver's words, so they are text, not 100 characters.
SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True
SIMPLE_HISTORY_REVERT_DISABLED = True  # history is evidence: read it, never roll it back from the admin
