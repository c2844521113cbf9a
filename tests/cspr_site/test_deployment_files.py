"""The container files agree with the settings they configure.

The settings package is the single source of truth for which variables exist and
which ones production refuses to start without; these tests read it rather than
repeating its list, so a renamed variable breaks here instead of in a deployment.
"""

import ast
import json
import multiprocessing
import os
import re
import runpy
import shlex
from pathlib import Path
from unittest import mock
from urllib.parse import urlsplit

import dj_database_url
import pytest
import yaml
from django.conf import settings

from tests.browser.conftest import screenshot_folder

ROOT = Path(__file__).resolve().parents[2]
SETTINGS_DIR = ROOT / "cspr_site" / "settings"
PRODUCTION_SETTINGS = "cspr_site.settings.production"
DJANGO_SERVICES = ("migrate", "web", "scheduler", "worker")
# The services that read or write uploaded files.
MEDIA_SERVICES = ("web", "worker")
GUNICORN_CONFIG = ROOT / "gunicorn.conf.py"
NGINX_CONFIG = ROOT / "deploy" / "nginx.conf"
# Chosen by whoever deploys, not by the settings, so no settings module reads it.
SELECTOR = "DJANGO_SETTINGS_MODULE"
ENV_HELPERS = {"env_bool", "env_int", "env_list"}
INTERPOLATED_REQUIRED = re.compile(r"^\$\{(?P<name>[A-Z][A-Z0-9_]*):\?[^}]*\}")


# --- reading the settings package -------------------------------------------------


def _is_os_environ(node):
    return (
        isinstance(node, ast.Attribute)
        and node.attr == "environ"
        and isinstance(node.value, ast.Name)
        and node.value.id == "os"
    )


def _env_name_read_by(node):
    """The variable name a call or subscript reads from the environment, if any."""
    if isinstance(node, ast.Subscript) and _is_os_environ(node.value):
        key = node.slice
        return key.value if isinstance(key, ast.Constant) else None
    if not isinstance(node, ast.Call):
        return None
    func = node.func
    if isinstance(func, ast.Attribute) and func.attr == "config":
        # dj_database_url.config() reads DATABASE_URL unless given another name.
        if isinstance(func.value, ast.Name) and func.value.id == "dj_database_url":
            for keyword in node.keywords:
                if keyword.arg == "env" and isinstance(keyword.value, ast.Constant):
                    return keyword.value.value
            return dj_database_url.DEFAULT_ENV
        return None
    reads = (
        (isinstance(func, ast.Name) and func.id in ENV_HELPERS)
        or (isinstance(func, ast.Attribute) and func.attr == "get" and _is_os_environ(func.value))
        or (
            isinstance(func, ast.Attribute)
            and func.attr == "getenv"
            and isinstance(func.value, ast.Name)
            and func.value.id == "os"
        )
    )
    if reads and node.args and isinstance(node.args[0], ast.Constant):
        return node.args[0].value
    return None


def _parse(path):
    return ast.parse(path.read_text(), filename=str(path))


def _raises_improperly_configured(statements):
    return any(
        isinstance(node, ast.Raise)
        and isinstance(node.exc, ast.Call)
        and getattr(node.exc.func, "id", getattr(node.exc.func, "attr", None)) == "ImproperlyConfigured"
        for statement in statements
        for node in ast.walk(statement)
    )


def _names_read_by(paths):
    names = set()
    for path in paths:
        for node in ast.walk(_parse(path)):
            name = _env_name_read_by(node)
            if isinstance(name, str):
                names.add(name)
    return names


@pytest.fixture(scope="module")
def names_settings_read():
    names = _names_read_by(sorted(SETTINGS_DIR.glob("*.py")))
    assert names, "no environment reads found; the scan no longer matches the settings"
    return names


@pytest.fixture(scope="module")
def names_gunicorn_reads():
    names = _names_read_by([GUNICORN_CONFIG])
    assert {"WEB_CONCURRENCY", "PORT"} <= names, names
    return names


@pytest.fixture(scope="module")
def names_production_requires():
    """Variables behind an `if not SETTING: raise ImproperlyConfigured` in production."""
    tree = _parse(SETTINGS_DIR / "production.py")
    setting_to_env = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and (name := _env_name_read_by(node.value)):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    setting_to_env[target.id] = name
    required = set()
    for node in tree.body:
        test = getattr(node, "test", None)
        if (
            isinstance(node, ast.If)
            and isinstance(test, ast.UnaryOp)
            and isinstance(test.op, ast.Not)
            and isinstance(test.operand, ast.Name)
            and test.operand.id in setting_to_env
            and _raises_improperly_configured(node.body)
        ):
            required.add(setting_to_env[test.operand.id])
    assert required, "no required variables found; the scan no longer matches production.py"
    return required


# --- reading the compose file and Dockerfile ------------------------------------


@pytest.fixture(scope="module")
def compose():
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def _environment(service):
    env = service.get("environment") or {}
    if isinstance(env, dict):
        return {name: "" if value is None else str(value) for name, value in env.items()}
    return dict(item.split("=", 1) if "=" in item else (item, "") for item in env)


def _command(service):
    """The shell text a service runs, unwrapping `sh -c`."""
    command = service.get("command")
    if isinstance(command, str):
        return command
    if command[:2] in (["sh", "-c"], ["/bin/sh", "-c"], ["bash", "-c"]):
        return command[2]
    return shlex.join(command)


def _named_volume_mounts(service):
    """{container path: volume name} for mounts of named volumes (not host paths)."""
    mounts = {}
    for volume in service.get("volumes", []):
        if isinstance(volume, dict):
            if volume.get("type", "volume") == "volume":
                mounts[volume["target"]] = volume.get("source")
            continue
        source, _, rest = volume.partition(":")
        if rest and not source.startswith((".", "/", "~", "$")):
            mounts[rest.split(":")[0]] = source
    return mounts


def _bind_mounts(service):
    """{container path: host path} for mounts of files or folders from the host."""
    mounts = {}
    for volume in service.get("volumes", []):
        source, _, rest = volume.partition(":")
        if source.startswith((".", "/")):
            mounts[rest.split(":")[0]] = source
    return mounts


@pytest.fixture(scope="module")
def dockerfile():
    """(INSTRUCTION, arguments) pairs, with continuations joined and comments dropped."""
    instructions = []
    pending = ""
    for raw in (ROOT / "Dockerfile").read_text().splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.endswith("\\"):
            pending += line[:-1] + " "
            continue
        keyword, _, arguments = (pending + line).partition(" ")
        instructions.append((keyword.upper(), arguments.strip()))
        pending = ""
    return instructions


# --- compose --------------------------------------------------------------------


def test_compose_defines_the_database_cache_proxy_web_and_scheduler_services(compose):
    assert {"db", "redis", "migrate", "web", "nginx", "scheduler"} <= set(compose["services"])


def test_django_services_run_with_the_production_settings_module(compose):
    assert (SETTINGS_DIR / f"{PRODUCTION_SETTINGS.rsplit('.', 1)[1]}.py").exists()
    for name in DJANGO_SERVICES:
        assert _environment(compose["services"][name]).get(SELECTOR) == PRODUCTION_SETTINGS, name


def test_migrations_run_once_before_any_web_instance_starts(compose):
    """Several web instances each migrating at start would race; one service does it first."""
    services = compose["services"]
    assert re.search(r"\bmanage\.py migrate\b", _command(services["migrate"]))
    assert services["migrate"].get("restart") == "no"
    assert services["web"]["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
    web = _command(services["web"])
    assert "migrate" not in web
    assert re.search(r"\bgunicorn --config gunicorn\.conf\.py cspr_site\.wsgi:application\b", web), web


def test_web_can_be_scaled_behind_nginx(compose):
    """`docker compose up --scale web=3`: no fixed host port or name on web; nginx is the entry point."""
    services = compose["services"]
    assert "ports" not in services["web"] and "container_name" not in services["web"]
    assert any(str(port).endswith(":80") for port in services["nginx"]["ports"])
    assert _bind_mounts(services["nginx"]).get("/etc/nginx/conf.d/default.conf") == "./deploy/nginx.conf"
    assert services["nginx"]["depends_on"]["web"]["condition"] == "service_healthy"


def test_nginx_sends_every_request_to_the_web_instances_with_the_visitor_address():
    conf = NGINX_CONFIG.read_text()
    assert re.search(r"upstream django \{[^}]*server web:8000 resolve;", conf)
    assert "resolver 127.0.0.11" in conf
    assert re.search(r"proxy_pass http://django;", conf)
    for header in (
        "Host $http_host",
        "X-Forwarded-For $proxy_add_x_forwarded_for",
        "X-Forwarded-Proto $scheme",
    ):
        assert f"proxy_set_header {header};" in conf, header


def test_nginx_passes_uploaded_images_to_the_site_rather_than_reading_the_media_folder(compose):
    """The site serves an image only while a public page shows it (test_media_in_production.py);
    a web server reading the media folder itself would serve withdrawn images and raw documents."""
    conf = NGINX_CONFIG.read_text()
    assert not re.search(r"location\s+[^{]*media", conf)
    assert not re.search(r"^\s*(root|alias)\s", conf, re.MULTILINE)
    assert not _named_volume_mounts(compose["services"]["nginx"])


def test_nginx_is_the_one_proxy_django_trusts(compose):
    for name in DJANGO_SERVICES:
        assert _environment(compose["services"][name]).get("DJANGO_TRUSTED_PROXY_COUNT") == "1", name


def test_nginx_accepts_uploads_as_large_as_the_settings_allow():
    size = re.search(r"client_max_body_size (\d+)m;", NGINX_CONFIG.read_text())
    assert size and int(size.group(1)) * 1024 * 1024 > settings.WAGTAILDOCS_MAX_UPLOAD_SIZE


def test_every_instance_and_the_worker_share_one_redis_cache(compose):
    services = compose["services"]
    assert "healthcheck" in services["redis"]
    for name in DJANGO_SERVICES:
        url = urlsplit(_environment(services[name])["REDIS_URL"])
        assert url.scheme == "redis" and url.hostname == "redis", name
    for name in MEDIA_SERVICES:
        assert services[name]["depends_on"]["redis"]["condition"] == "service_healthy", name


def test_web_reports_its_health_from_healthz(compose):
    check = " ".join(compose["services"]["web"]["healthcheck"]["test"])
    assert "http://127.0.0.1:8000/healthz" in check
    assert "DJANGO_ALLOWED_HOSTS" in check


def test_django_services_wait_for_a_healthy_database(compose):
    services = compose["services"]
    assert "healthcheck" in services["db"]
    for name in DJANGO_SERVICES:
        assert services[name]["depends_on"]["db"]["condition"] == "service_healthy", name


def test_the_scheduler_and_the_worker_run_the_sites_background_commands(compose):
    assert _command(compose["services"]["scheduler"]) == "python manage.py run_scheduler"
    worker = shlex.split(_command(compose["services"]["worker"]))
    assert worker[:3] == ["python", "manage.py", "db_worker"]
    assert worker[worker.index("--backend") + 1] == settings.BACKGROUND_TASKS


def test_make_run_starts_the_same_commands_as_compose(compose):
    """The Procfile `make run` starts, and Compose's services, run the same web server and background work."""
    procfile = _procfile()
    assert set(procfile) == {"web", "worker", "scheduler"}
    for name, command in procfile.items():
        assert command == _command(compose["services"][name]), name


def test_database_files_live_on_a_declared_named_volume(compose):
    volume = _named_volume_mounts(compose["services"]["db"]).get("/var/lib/postgresql/data")
    assert volume, "postgres data is not on a named volume"
    assert volume in (compose.get("volumes") or {})


def test_uploads_live_on_one_named_volume_shared_by_web_and_scheduler(compose):
    volumes = set()
    for name in MEDIA_SERVICES:
        service = compose["services"][name]
        media_root = _environment(service)["DJANGO_MEDIA_ROOT"]
        volumes.add(_named_volume_mounts(service).get(media_root))
    assert len(volumes) == 1, volumes
    assert volumes <= set(compose.get("volumes") or {})


def test_every_variable_given_to_django_is_one_the_settings_read(
    compose, names_settings_read, names_gunicorn_reads
):
    for name in DJANGO_SERVICES:
        read = names_settings_read | (names_gunicorn_reads if name == "web" else set())
        unread = set(_environment(compose["services"][name])) - read - {SELECTOR}
        assert not unread, f"{name} sets variables nothing reads: {sorted(unread)}"


def test_every_variable_read_is_documented_in_the_settings_table(names_settings_read, names_gunicorn_reads):
    operations = (ROOT / "docs" / "operations.md").read_text()
    table = operations.split("\n## Settings\n", 1)[1].split("\n## ", 1)[0]
    documented = {
        name
        for line in table.splitlines()
        if line.startswith("|")
        for name in re.findall(r"`([A-Z][A-Z0-9_]+)`", line)
    }
    undocumented = (names_settings_read | names_gunicorn_reads) - documented
    assert not undocumented, f"add these to the settings table in docs/operations.md: {sorted(undocumented)}"


def test_every_variable_production_requires_is_given_to_django(
    compose, names_settings_read, names_production_requires
):
    assert names_production_requires <= names_settings_read
    for name in DJANGO_SERVICES:
        missing = names_production_requires - set(_environment(compose["services"][name]))
        assert not missing, f"{name} would refuse to start without {sorted(missing)}"


def test_secrets_come_from_the_deployers_environment_and_are_never_written_down(compose):
    services = compose["services"]
    secrets = [("db", "POSTGRES_PASSWORD", services["db"]["environment"]["POSTGRES_PASSWORD"])]
    secrets += [
        (name, "DJANGO_SECRET_KEY", _environment(services[name])["DJANGO_SECRET_KEY"])
        for name in DJANGO_SERVICES
    ]
    for service, variable, value in secrets:
        match = INTERPOLATED_REQUIRED.match(value)
        # ${NAME:?message} stops compose outright when NAME is unset or empty.
        assert match and match["name"] == variable, f"{service} {variable}={value!r}"


# --- Dockerfile -----------------------------------------------------------------


def test_image_installs_only_the_hash_locked_requirements(dockerfile):
    installs = [
        arguments for keyword, arguments in dockerfile if keyword == "RUN" and "pip install" in arguments
    ]
    assert installs, "the Dockerfile installs nothing with pip"
    for arguments in installs:
        assert "--require-hashes" in arguments, arguments
        assert re.search(r"(?:-r|--requirement)[ =]requirements/base\.txt\b", arguments), arguments


def test_image_runs_as_a_non_root_user(dockerfile):
    users = [(index, args) for index, (keyword, args) in enumerate(dockerfile) if keyword == "USER"]
    assert users, "the Dockerfile never leaves root"
    last_index, last_user = users[-1]
    assert last_user.split(":")[0] not in {"root", "0"}, last_user
    cmd_index = max(index for index, (keyword, _) in enumerate(dockerfile) if keyword == "CMD")
    assert last_index < cmd_index


def test_image_serves_the_site_with_gunicorn(dockerfile):
    arguments = [arguments for keyword, arguments in dockerfile if keyword == "CMD"][-1]
    argv = json.loads(arguments) if arguments.startswith("[") else shlex.split(arguments)
    assert argv[0] == "gunicorn", argv
    assert "cspr_site.wsgi:application" in argv, argv
    assert (ROOT / "cspr_site" / "wsgi.py").exists()
    assert argv[argv.index("--config") + 1] == GUNICORN_CONFIG.name, argv


def test_image_listens_on_every_interface_inside_the_container(dockerfile):
    env_lines = " ".join(arguments for keyword, arguments in dockerfile if keyword == "ENV")
    assert re.search(r"\bGUNICORN_BIND=0\.0\.0\.0:8000\b", env_lines)


def test_image_defaults_to_the_production_settings_module(dockerfile):
    env_lines = " ".join(arguments for keyword, arguments in dockerfile if keyword == "ENV")
    assert re.search(rf"\b{SELECTOR}[= ]{re.escape(PRODUCTION_SETTINGS)}\b", env_lines)


def test_build_only_secret_key_is_not_kept_in_the_image(dockerfile):
    kept = " ".join(arguments for keyword, arguments in dockerfile if keyword in {"ENV", "ARG"})
    assert "DJANGO_SECRET_KEY" not in kept


def test_build_context_leaves_out_local_state_and_secrets():
    ignored = {
        line.strip().strip("/")
        for line in (ROOT / ".dockerignore").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    }
    assert {".git", ".venv", ".secret_key", "db.sqlite3", "media", "staticfiles"} <= ignored


# --- gunicorn and the Makefile ----------------------------------------------------------


def _gunicorn(**environ):
    clean = {name: value for name, value in os.environ.items() if name not in {"PORT", "WEB_CONCURRENCY"}}
    clean = {name: value for name, value in clean.items() if not name.startswith("GUNICORN_")}
    with mock.patch.dict(os.environ, {**clean, **environ}, clear=True):
        return runpy.run_path(str(GUNICORN_CONFIG))


def test_gunicorn_takes_its_workers_from_the_environment():
    assert _gunicorn(WEB_CONCURRENCY="7")["workers"] == 7
    assert _gunicorn(GUNICORN_WORKERS="3")["workers"] == 3
    assert _gunicorn()["workers"] == multiprocessing.cpu_count() * 2 + 1


def test_gunicorn_stays_on_this_machine_unless_told_otherwise():
    assert _gunicorn()["bind"] == "127.0.0.1:8000"
    assert _gunicorn(PORT="9000")["bind"] == "127.0.0.1:9000"
    assert _gunicorn(GUNICORN_BIND="0.0.0.0:8000")["bind"] == "0.0.0.0:8000"


def test_gunicorn_replaces_stuck_workers_and_logs_requests():
    config = _gunicorn()
    assert 0 < config["timeout"] <= 60
    assert config["accesslog"] == "-"
    assert _gunicorn(GUNICORN_ACCESS_LOG="")["accesslog"] is None


def _make_recipe(target):
    makefile = (ROOT / "Makefile").read_text()
    match = re.search(rf"^{target}:.*\n((?:\t.*\n?)+)", makefile, re.M)
    assert match, target
    return match.group(1).replace("\\\n", " ")


def _procfile():
    lines = (ROOT / "Procfile").read_text().splitlines()
    return dict(line.split(": ", 1) for line in lines if line and not line.startswith("#"))


def test_make_run_starts_the_procfile_whose_web_server_uses_the_gunicorn_config():
    assert re.search(r"honcho start --procfile Procfile\b", _make_recipe("run"))
    assert _procfile()["web"] == "gunicorn --config gunicorn.conf.py cspr_site.wsgi:application"


def test_make_backup_and_restore_use_the_management_commands():
    assert "manage.py backup_site" in _make_recipe("backup")
    assert re.search(r'manage\.py restore_site "\$\(ARCHIVE\)"', _make_recipe("restore"))


def test_make_screenshots_refreshes_the_documented_screenshots_and_make_test_does_not():
    screenshots = _make_recipe("screenshots")
    assert "SCREENSHOTS_DIR=docs/screenshots" in screenshots
    assert "-m pytest tests/browser" in screenshots
    assert "SCREENSHOTS_DIR" not in _make_recipe("test")


# --- browser screenshots and continuous integration ------------------------------


def test_browser_tests_write_their_screenshots_outside_the_repository_unless_asked(tmp_path, monkeypatch):
    """The README shows the tracked images in docs/screenshots; a test run must leave them alone."""
    monkeypatch.delenv("SCREENSHOTS_DIR", raising=False)
    assert screenshot_folder(tmp_path) == tmp_path
    assert not tmp_path.resolve().is_relative_to(ROOT)

    monkeypatch.setenv("SCREENSHOTS_DIR", "docs/screenshots")
    assert screenshot_folder(tmp_path) == ROOT / "docs" / "screenshots"


def _ci_commands():
    """The lines .ci/run runs, in order, without comments or blank lines."""
    lines = (line.strip() for line in (ROOT / ".ci" / "run").read_text().splitlines())
    return [line for line in lines if line and not line.startswith("#")]


def test_ci_fails_on_a_model_change_without_a_migration_before_running_the_suites():
    """After `make lint`, which builds the virtualenv, and before the suites, so it fails fast."""
    commands = _ci_commands()
    check = commands.index(".venv/bin/python manage.py makemigrations --check --dry-run")
    suites = [index for index, command in enumerate(commands) if re.search(r"\bmake test\b", command)]
    assert commands.index("make lint") < check < min(suites)
