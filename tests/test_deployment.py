"""The deployment shape: docker-compose.yml, production settings and the static build.

Each check runs the real command (docker-compose, manage.py) in a subprocess with only the
environment a deployment would give it, so nothing from the test settings leaks in.
"""

import json
import os
import re
import secrets
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.subprocesses import BASE_DIR, clean_environment, manage

COMPOSE_FILE = BASE_DIR / "docker-compose.yml"
COMPOSE_SERVICES = {"postgres", "redis", "web", "worker", "beat"}
DJANGO_SERVICES = ("web", "worker", "beat")


def _production_environment(**overrides: str) -> dict[str, str]:
    """What docker-compose.yml gives web, worker and beat (nothing here connects to the database)."""
    values = {
        "DJANGO_SETTINGS_MODULE": "caseflow.settings.production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
        "DATABASE_URL": "postgres://caseflow:not-used@postgres.invalid:5432/caseflow",
        "CELERY_BROKER_URL": "redis://redis.invalid:6379/0",
        "DJANGO_ALLOWED_HOSTS": "caseflow.example.org",
        "DJANGO_CSRF_TRUSTED_ORIGINS": "",
    }
    values.update(overrides)
    return clean_environment(**values)


# --- docker-compose.yml ---------------------------------------------------------------------------

COMPOSE_SECRET_KEY = "compose-test-secret-" + "x" * 40


@pytest.fixture
def compose(tmp_path: Path):
    """Runs `docker-compose <args>` on docker-compose.yml with dummy values for what it requires."""
    binary = shutil.which("docker-compose")
    if binary is None:
        pytest.skip("docker-compose is not installed; .ci/run installs it from Debian")
    empty_env_file = tmp_path / "empty.env"  # so a developer's .env file cannot change the result
    empty_env_file.write_text("")
    required = {
        "DJANGO_SECRET_KEY": COMPOSE_SECRET_KEY,
        "POSTGRES_PASSWORD": "compose-test-password",
        "DJANGO_ALLOWED_HOSTS": "caseflow.example.org",
    }

    def run(*args: str, unset: str | None = None) -> subprocess.CompletedProcess[str]:
        environment = clean_environment(**required)
        if unset is not None:
            del environment[unset]
        return subprocess.run(  # noqa: S603 - fixed arguments
            [binary, "--env-file", str(empty_env_file), "--file", str(COMPOSE_FILE), *args],
            cwd=BASE_DIR,
            env=environment,
            capture_output=True,
            text=True,
            timeout=120,
        )

    return run


def _service_blocks(config_output: str) -> dict[str, list[str]]:
    """Each service's lines from `docker-compose config`, which prints block YAML indented by two."""
    blocks: dict[str, list[str]] = {}
    current: list[str] | None = None
    in_services = False
    for line in config_output.splitlines():
        if line and not line.startswith(" "):
            in_services = line == "services:"
            current = None
        elif in_services and line.startswith("  ") and not line.startswith("   ") and line.endswith(":"):
            current = blocks.setdefault(line.strip()[:-1], [])
        elif in_services and current is not None:
            current.append(line)
    return blocks


def _is_setting(line: str) -> bool:
    """A service's own settings sit at four spaces of indent (list items under them may too)."""
    return line.startswith("    ") and line[4] not in " -"


def _keys(block: list[str]) -> set[str]:
    return {line.strip().split(":", 1)[0] for line in block if _is_setting(line)}


def _section(block: list[str], key: str) -> list[str]:
    """The lines nested under one of the service's settings, e.g. its environment."""
    lines: list[str] = []
    inside = False
    for line in block:
        if _is_setting(line):
            inside = line.strip() == f"{key}:"
        elif inside:
            lines.append(line.strip())
    return lines


def test_compose_file_validates_with_exactly_the_five_services(compose):
    result = compose("config", "--services")

    assert result.returncode == 0, result.stderr
    assert sorted(result.stdout.split()) == sorted(COMPOSE_SERVICES)


def test_compose_keeps_postgres_data_in_a_named_volume(compose):
    volumes = compose("config", "--volumes")
    config = compose("config")

    assert volumes.returncode == 0, volumes.stderr
    assert volumes.stdout.split() == ["postgres-data"]
    postgres_volumes = _section(_service_blocks(config.stdout)["postgres"], "volumes")
    assert any(line.startswith("- postgres-data:/var/lib/postgresql/data") for line in postgres_volumes)


def test_compose_services_that_others_wait_for_have_healthchecks(compose):
    result = compose("config")

    assert result.returncode == 0, result.stderr
    blocks = _service_blocks(result.stdout)
    assert set(blocks) == COMPOSE_SERVICES
    for service in ("postgres", "redis", "web"):
        assert "healthcheck" in _keys(blocks[service]), f"{service} has no healthcheck"
    assert "- pg_isready" in _section(blocks["postgres"], "healthcheck")
    assert "- redis-cli" in _section(blocks["redis"], "healthcheck")
    assert any("http://127.0.0.1:8000/healthz" in line for line in _section(blocks["web"], "healthcheck"))


def test_compose_django_services_share_one_production_configuration(compose):
    result = compose("config")

    assert result.returncode == 0, result.stderr
    blocks = _service_blocks(result.stdout)
    environments = {service: _section(blocks[service], "environment") for service in DJANGO_SERVICES}
    assert environments["web"] == environments["worker"] == environments["beat"]
    environment = environments["web"]
    assert "DJANGO_SETTINGS_MODULE: caseflow.settings.production" in environment
    assert f"DJANGO_SECRET_KEY: {COMPOSE_SECRET_KEY}" in environment
    assert "DATABASE_URL: postgres://caseflow:compose-test-password@postgres:5432/caseflow" in environment
    assert "CELERY_BROKER_URL: redis://redis:6379/0" in environment
    assert "DATABASE_CONN_MAX_AGE: '60'" in environment  # a connection kept, not one per request
    images = {
        service: [line for line in blocks[service] if line.startswith("    image:")] for service in DJANGO_SERVICES
    }
    assert images["web"] == images["worker"] == images["beat"] == ["    image: caseflow:latest"]
    for service in DJANGO_SERVICES:
        depends_on = _section(blocks[service], "depends_on")
        assert depends_on.count("condition: service_healthy") >= 2, f"{service}: {depends_on}"


def test_compose_runs_migrations_before_gunicorn(compose):
    result = compose("config")

    assert result.returncode == 0, result.stderr
    web_command = " ".join(_section(_service_blocks(result.stdout)["web"], "command"))
    assert web_command.index("manage.py migrate --noinput") < web_command.index("gunicorn caseflow.wsgi:application")


def test_compose_runs_one_worker_and_exactly_one_beat(compose):
    result = compose("config")

    assert result.returncode == 0, result.stderr
    commands = {service: _section(block, "command") for service, block in _service_blocks(result.stdout).items()}
    assert commands["worker"][:4] == ["- celery", "- -A", "- caseflow", "- worker"]
    assert commands["beat"][:4] == ["- celery", "- -A", "- caseflow", "- beat"]
    # A worker started with -B/--beat would be a second scheduler sending every task twice.
    running_beat = [service for service, command in commands.items() if {"- beat", "- -B", "- --beat"} & set(command)]
    assert running_beat == ["beat"]


@pytest.mark.parametrize("variable", ["DJANGO_SECRET_KEY", "POSTGRES_PASSWORD", "DJANGO_ALLOWED_HOSTS"])
def test_compose_refuses_to_run_without_required_settings(compose, variable):
    result = compose("config", "--quiet", unset=variable)

    assert result.returncode != 0
    assert variable in result.stderr


# --- production settings --------------------------------------------------------------------------


def test_production_settings_pass_the_deployment_checks():
    result = manage("check", "--deploy", "--fail-level", "WARNING", environment=_production_environment())

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_settings_refuse_to_start_without_a_secret_key():
    environment = _production_environment()
    del environment["DJANGO_SECRET_KEY"]

    result = manage("check", environment=environment)

    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


# --- static files ---------------------------------------------------------------------------------


def test_collectstatic_with_the_production_manifest_storage_succeeds(tmp_path: Path):
    if not (BASE_DIR / "static" / "dist" / "app.css").is_file():
        pytest.fail("static/dist/app.css is missing: run `npm run build` first (`make test` does)")
    static_root = tmp_path / "staticfiles"
    settings_dir = tmp_path / "settings"
    settings_dir.mkdir()
    # Production settings exactly, with only STATIC_ROOT moved into the temporary directory.
    (settings_dir / "collectstatic_check_settings.py").write_text(
        f"from caseflow.settings.production import *  # noqa: F403\nSTATIC_ROOT = {str(static_root)!r}\n"
    )
    python_path = os.pathsep.join(filter(None, [str(settings_dir), os.environ.get("PYTHONPATH")]))
    environment = _production_environment(PYTHONPATH=python_path)

    result = manage("collectstatic", "--noinput", "--settings", "collectstatic_check_settings", environment=environment)

    assert result.returncode == 0, result.stdout + result.stderr
    manifest = json.loads((static_root / "staticfiles.json").read_text())
    hashed_css = manifest["paths"]["dist/app.css"]
    assert hashed_css != "dist/app.css"
    assert (static_root / hashed_css).is_file()
    # The compiled CSS now points at the hashed copies of its images.
    css = (static_root / hashed_css).read_text()
    assert "images/govuk-crest.svg" not in css
    assert re.search(r"images/govuk-crest\.[0-9a-f]{12}\.svg", css)
