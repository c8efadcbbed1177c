# CaseFlow image: one image for web (gunicorn), the Celery worker and Celery beat.
# docker-compose.yml shows how the three are run; the default command is the web server.

# --- Front-end: compile GOV.UK Frontend / MOJ Frontend into static/dist --------------------------
FROM node:20-bookworm AS frontend
WORKDIR /build
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY frontend/ frontend/
RUN npm run build

# --- Python dependencies: psycopg2 is built from source, so this stage has gcc and libpq-dev ------
FROM python:3.11-slim-bookworm AS python-deps
RUN apt-get update \
    && apt-get install -y --no-install-recommends gcc libc6-dev libpq-dev \
    && rm -rf /var/lib/apt/lists/*
RUN python -m venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH
COPY requirements/base.lock /tmp/requirements/base.lock
RUN pip install --no-cache-dir --upgrade pip \
    && pip install --no-cache-dir --require-hashes -r /tmp/requirements/base.lock

# --- Runtime: the virtualenv, the project and the collected static files; no compiler -----------
FROM python:3.11-slim-bookworm AS runtime
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpq5 \
    && rm -rf /var/lib/apt/lists/* \
    && groupadd --system --gid 10001 caseflow \
    && useradd --system --uid 10001 --gid caseflow --home-dir /app --shell /usr/sbin/nologin caseflow

ENV PATH=/opt/venv/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    DJANGO_SETTINGS_MODULE=caseflow.settings.production

COPY --from=python-deps /opt/venv /opt/venv
WORKDIR /app
COPY . .
COPY --from=frontend /build/static/dist static/dist

# Settings need a secret key and a database URL to load; these build-time values are only seen by
# this one command (collectstatic does not connect to the database) and are not kept in the image.
RUN DJANGO_SECRET_KEY=build-time-only-not-a-real-secret \
    DATABASE_URL=postgres://build:build@localhost:5432/build \
    python manage.py collectstatic --noinput

USER caseflow:caseflow
EXPOSE 8000
CMD ["gunicorn", "caseflow.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
