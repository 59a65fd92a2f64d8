"""Configuration from environment variables (``PORTAL_`` prefix) with embedded defaults."""
from __future__ import annotations

import hashlib
import hmac
import json
import os
import re
import secrets
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .clock import DEFAULT_ZONE
from .plugins import enabled_region
from .rulebook import MAX_INPUT_BYTES


class ConfigError(RuntimeError):
    pass


def instance_path(environ=None) -> str | None:
    """The instance folder ``PORTAL_INSTANCE_PATH`` names, absolute; None: Flask's default."""
    path = (os.environ if environ is None else environ).get("PORTAL_INSTANCE_PATH")
    return os.path.abspath(path) if path else None


def from_environment(instance_path: str, environ: dict[str, str] | None = None) -> dict:
    """Build the Flask config. Without ``DATABASE_URL`` the portal runs on SQLite in the
    instance folder; SQLite is migrated at start (``PORTAL_AUTO_MIGRATE``), PostgreSQL
    only by ``portal db upgrade``. Production (``PORTAL_ENV=production``) requires
    ``PORTAL_SECRET_KEY`` and sends cookies over HTTPS only."""
    env = os.environ if environ is None else environ
    mode = env.get("PORTAL_ENV", "development")
    if mode not in ("production", "development"):  # a mistyped "prod" must not run as development
        raise ConfigError(f"PORTAL_ENV must be production or development, not {mode!r}.")
    production = mode == "production"
    region = enabled_region(env)
    database_url = env.get("DATABASE_URL") or env.get("PORTAL_DATABASE_URL")
    if database_url is None:
        # One embedded database per region, so switching PORTAL_REGION never mixes regions.
        database_url = "sqlite:///" + str(Path(instance_path) / f"portal-{region}.sqlite3")
    _check_database_url("DATABASE_URL", database_url)
    if env.get("PORTAL_REPORTS_DATABASE_URL"):
        _check_database_url("PORTAL_REPORTS_DATABASE_URL", env["PORTAL_REPORTS_DATABASE_URL"])
    if not re.fullmatch(r"[A-Za-z0-9_]{0,100}", env.get("PORTAL_QUEUE_NAME", "")):
        # huey keeps only these in a Redis key: "portal-a" and "portala" would be one queue
        raise ConfigError("PORTAL_QUEUE_NAME takes letters, digits and underscores only (at most 100).")
    auto_migrate = env.get("PORTAL_AUTO_MIGRATE", "1" if database_url.startswith("sqlite") else "0")
    return {
        "PORTAL_ENV": "production" if production else "development",
        "PORTAL_REGION": region,
        "SECRET_KEY": _secret_key(env, instance_path, production),
        "SQLALCHEMY_DATABASE_URI": database_url,
        "PORTAL_REPORTS_DATABASE_URL": env.get("PORTAL_REPORTS_DATABASE_URL", ""),
        "PORTAL_AUTO_MIGRATE": auto_migrate == "1",
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": production,
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_SECURE": production,
        "RATELIMIT_STORAGE_URI": env.get("PORTAL_RATELIMIT_STORAGE_URI", "memory://"),
        "RATELIMIT_HEADERS_ENABLED": True,
        # the limits' Redis stopped or restarting: each process keeps them in memory meanwhile,
        # rather than every sign-in answering 500
        "RATELIMIT_IN_MEMORY_FALLBACK_ENABLED": True,
        "PORTAL_LOGIN_LIMIT": env.get("PORTAL_LOGIN_LIMIT", "20 per minute"),
        "PORTAL_API_LIMIT": env.get("PORTAL_API_LIMIT", "120 per minute"),
        "PORTAL_LOCKOUT_FAILURES": _whole_number(env, "PORTAL_LOCKOUT_FAILURES", 5),
        "PORTAL_LOCKOUT_MINUTES": _whole_number(env, "PORTAL_LOCKOUT_MINUTES", 15),
        "PORTAL_BASIC_REMEMBER_SECONDS": _whole_number(env, "PORTAL_BASIC_REMEMBER_SECONDS", 60, minimum=0),
        "PORTAL_PAGE_SIZE": _whole_number(env, "PORTAL_PAGE_SIZE", 20),
        "PORTAL_SURVEY_LATER_DAYS": _whole_number(env, "PORTAL_SURVEY_LATER_DAYS", 30),
        "PORTAL_API_PAGE_SIZE": _whole_number(env, "PORTAL_API_PAGE_SIZE", 100),
        "PORTAL_TIMEZONE": _time_zone(env),  # the bureau's day and how times read on pages
        "PORTAL_PROXIES": _whole_number(env, "PORTAL_PROXIES", 0, minimum=0),  # proxies in front that set X-Forwarded-For
        # Flask answers 413 to a larger body before any view reads it.
        "MAX_CONTENT_LENGTH": _whole_number(env, "PORTAL_MAX_CONTENT_LENGTH", MAX_INPUT_BYTES),
        # Evidence files of claims: where they are kept (outside the web root; by default the
        # instance folder's evidence/), the largest file, and how many one claim may send.
        "PORTAL_EVIDENCE_DIR": env.get("PORTAL_EVIDENCE_DIR", ""),
        "PORTAL_EVIDENCE_MAX_BYTES": _whole_number(env, "PORTAL_EVIDENCE_MAX_BYTES", 10 * 1024 * 1024),
        "PORTAL_EVIDENCE_FILES": _whole_number(env, "PORTAL_EVIDENCE_FILES", 5),
        "PORTAL_CLAIM_HOURS_PER_DAY": _whole_number(env, "PORTAL_CLAIM_HOURS_PER_DAY", 12),
        # Issued documents (transcripts): where their frozen PDFs are kept (by default the
        # instance folder's documents/), and how often one address may ask the public
        # verification page.
        "PORTAL_DOCUMENTS_DIR": env.get("PORTAL_DOCUMENTS_DIR", ""),
        "PORTAL_VERIFY_LIMIT": env.get("PORTAL_VERIFY_LIMIT", "30 per minute"),
        # Excel exports written by background jobs: where (by default the instance folder's
        # exports/) and for how many days they are kept.
        "PORTAL_EXPORTS_DIR": env.get("PORTAL_EXPORTS_DIR", ""),
        # Excel imports: where an upload waits for its confirmation (by default the instance
        # folder's imports/), the largest sheet, and the rows checked while the admin waits
        # (a longer sheet is checked and saved by a background job).
        "PORTAL_IMPORTS_DIR": env.get("PORTAL_IMPORTS_DIR", ""),
        "PORTAL_IMPORT_MAX_ROWS": _whole_number(env, "PORTAL_IMPORT_MAX_ROWS", 100_000),
        "PORTAL_IMPORT_MAX_BYTES": _whole_number(env, "PORTAL_IMPORT_MAX_BYTES", 32 * 1024 * 1024),
        "PORTAL_IMPORT_NOW": _whole_number(env, "PORTAL_IMPORT_NOW", 200),
        # A school's documents in one ZIP: up to this many streamed at once, more by a background job.
        "PORTAL_ZIP_STREAM_LIMIT": _whole_number(env, "PORTAL_ZIP_STREAM_LIMIT", 300),
        "PORTAL_EXPORTS_DAYS": _whole_number(env, "PORTAL_EXPORTS_DAYS", 7),
        # A report over more teachers than this is computed by a background job, not on the page.
        "PORTAL_REPORT_BACKGROUND_TEACHERS": _whole_number(env, "PORTAL_REPORT_BACKGROUND_TEACHERS", 20000),
        # The bureau's Ed25519 signing key (a JWK file: ``portal keys new FILE``), its name on
        # what it signs (by default the region's name), and the other bureaus' public keys it
        # accepts signed records from (a JWK Set file, each key with the bureau's "name").
        "PORTAL_SIGNING_KEY": env.get("PORTAL_SIGNING_KEY", ""),
        # The portal's public address (https://jsjy.example.gov.cn): QR codes and credentials
        # name it; by default the address each request came to.
        "PORTAL_PUBLIC_URL": _public_url(env),
        "PORTAL_ISSUER_NAME": env.get("PORTAL_ISSUER_NAME", ""),
        "PORTAL_TRUSTED_KEYS": env.get("PORTAL_TRUSTED_KEYS", ""),
        "PORTAL_FUTURE_START_DAYS": _whole_number(env, "PORTAL_FUTURE_START_DAYS", 60),
        "PORTAL_ACTIVATION_DAYS": _whole_number(env, "PORTAL_ACTIVATION_DAYS", 30),
        "BABEL_DEFAULT_LOCALE": "zh_Hans_CN",
        "BABEL_DEFAULT_TIMEZONE": "Asia/Shanghai",
        "PORTAL_SETTINGS": settings_from_environment(env),
    }


def settings_from_environment(environ: dict[str, str] | None = None) -> dict:
    """The bureau's overrides of region settings: ``PORTAL_SETTINGS`` names a JSON file of
    ``{"setting_name": value}`` (``portal rules describe`` lists the settings)."""
    env = os.environ if environ is None else environ
    path = env.get("PORTAL_SETTINGS")
    if not path:
        return {}
    try:
        with open(path, encoding="utf-8") as handle:
            data = json.load(handle)
    except OSError as error:
        raise ConfigError(f"PORTAL_SETTINGS: cannot read {path}: {error.strerror}") from None
    except ValueError as error:
        raise ConfigError(f"PORTAL_SETTINGS: {path} is not JSON: {error}") from None
    if not isinstance(data, dict):
        raise ConfigError(f"PORTAL_SETTINGS: {path} must hold a JSON object of setting names and values")
    return data


def _time_zone(env) -> str:
    name = env.get("PORTAL_TIMEZONE", DEFAULT_ZONE)
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ConfigError(f"PORTAL_TIMEZONE must name a time zone such as {DEFAULT_ZONE}, not {name!r}.") from None
    return name


def _public_url(env) -> str:
    """``PORTAL_PUBLIC_URL``, the address printed on every sheet of activation codes and in every
    QR code: refused at start-up unless it is an http(s) address with a host, since one written
    without its scheme (jsjy.example.gov.cn) would be printed as text no phone opens, on sheets
    handed out before anyone notices."""
    value = env.get("PORTAL_PUBLIC_URL", "")
    if value and not re.fullmatch(r"https?://[^/\s?#]+(/[^\s?#]*)?", value):
        raise ConfigError("PORTAL_PUBLIC_URL must be the address teachers use, with its scheme, such as "
                          f"https://jsjy.example.gov.cn, not {value!r}.")
    return value


def _whole_number(env, name: str, default: int, minimum: int = 1) -> int:
    value = env.get(name, str(default))
    if not value.isascii() or not value.isdigit() or int(value) < minimum:
        raise ConfigError(f"{name} must be a whole number of {minimum} or more, not {value!r}.")
    return int(value)


def _secret_key(env, instance_path: str, production: bool) -> str:
    key = env.get("PORTAL_SECRET_KEY") or env.get("SECRET_KEY")
    if key:
        return key
    if production:
        raise ConfigError("PORTAL_SECRET_KEY must be set when PORTAL_ENV=production.")
    # Development: one random key kept in the instance folder, so sessions survive restarts.
    path = Path(instance_path) / "secret_key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_hex(32))
    return path.read_text().strip()


def _check_database_url(name: str, url: str) -> None:
    """A URL of a database the portal runs on (PostgreSQL or SQLite), said at start-up rather
    than as the database driver's traceback. The URL itself is not repeated: it may hold a password."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        backend = make_url(normalise_database_url(url)).get_backend_name()
    except ArgumentError:
        raise ConfigError(f"{name} must be a URL such as postgresql://user@host:5432/dbname "
                          "or sqlite:////path/to/portal.sqlite3.") from None
    if backend not in ("postgresql", "sqlite"):
        raise ConfigError(f"{name} must name a PostgreSQL (postgresql://…) or SQLite (sqlite:///…) "
                          f"database, not {backend}.")


def normalise_database_url(url: str) -> str:
    """``postgresql://`` means psycopg 3 here, the driver the project pins."""
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://"):]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    return url



def shown_url(url) -> str:
    """A database URL as the operator wrote it in DATABASE_URL, for messages: the password
    hidden, without the driver the portal adds (``+psycopg``)."""
    return url.render_as_string(hide_password=True).replace("+psycopg", "", 1)

def deployment_name(region: str | None, database_url: str, secret_key: str) -> str:
    """``portal_<region>_<12 hex digits>``, the digits a keyed hash of the database's name
    under the secret key: what names this deployment's keys on a Redis it may share with
    another portal (the jobs' queue, the rate limits' counters)."""
    from sqlalchemy.engine import make_url

    try:
        database = make_url(normalise_database_url(database_url)).database or ""
    except Exception:  # a URL start-up refuses, saying why
        database = database_url
    digest = hmac.new(secret_key.encode(), f"portal jobs queue\0{database}".encode(), hashlib.sha256).hexdigest()
    # letters, digits and underscores: huey drops any other character from the keys it names
    return "portal_" + re.sub(r"[^A-Za-z0-9_]", "_", region or "") + "_" + digest[:12]
