"""Read settings from the environment, failing loudly on values that make no sense."""

import os

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str | None = None) -> str | None:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} is not a boolean; use 1/0, true/false, yes/no or on/off.")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None:
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a whole number.") from None


def env_choice(name: str, choices: list[str], default: str) -> str:
    raw = os.environ.get(name)
    if raw is None:
        return default
    if raw not in choices:
        raise ImproperlyConfigured(f"{name}={raw!r} is not one of {', '.join(choices)}.")
    return raw


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


DEVELOPMENT_KEY = "django-insecure-development-only-key-never-use-in-production"
GENERATE_KEY = "python3 -c 'import secrets; print(secrets.token_urlsafe(50))'"


def secret_key_weakness(key: str) -> str | None:
    """Why Django's deploy check (security.W009) would call this key weak, or None."""
    if key.startswith("django-insecure"):
        return "it starts with 'django-insecure', the mark of a generated development key"
    if len(key) < 50:
        return f"it has {len(key)} characters, fewer than 50"
    if len(set(key)) < 5:
        return f"it has {len(set(key))} distinct characters, fewer than 5"
    return None


def secret_key(debug: bool) -> str:
    """SECRET_KEY from the environment. With DEBUG on a development key stands in; with DEBUG
    off it must be set and strong, since it signs sessions and password-reset links."""
    key = os.environ.get("SECRET_KEY", "")
    if debug:
        return key or DEVELOPMENT_KEY
    if not key:
        raise ImproperlyConfigured(f"SECRET_KEY must be set when DEBUG is off. Generate one with: {GENERATE_KEY}")
    if weakness := secret_key_weakness(key):
        raise ImproperlyConfigured(
            f"SECRET_KEY is too weak for DEBUG off: {weakness}. Generate one with: {GENERATE_KEY}"
        )
    return key
