"""Deployment settings: everything secret or site-specific comes from the environment."""

import os

# Behind the TLS proxy, plain-HTTP requests are redirected unless the deployment says otherwise.
os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "true")

from .base import *  # noqa: E402,F403

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_NAME = "__Host-sessionid"
CSRF_COOKIE_NAME = "__Host-csrftoken"
