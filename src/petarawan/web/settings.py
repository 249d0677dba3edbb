"""Deployment settings of the web app, read from ``PETARAWAN_*`` environment variables.

=====================  ===========================  ===========================================
Setting                Default                      Meaning
=====================  ===========================  ===========================================
``workspace``          ``.``                        workspace folder (SQLite file, layers, outputs)
``db_url``             ``None``                     PostgreSQL URL instead of the SQLite file
``secret_key``         ``"change-me"``              token digest key; refused outside development
``environment``        ``"production"``             ``development`` allows the default secret
``session_hours``      ``12``                       lifetime of a login session
``token_days``         ``30``                       lifetime of an API bearer token
``max_failures``       ``5``                        failed logins before a user is locked out
``lockout_minutes``    ``15``                       length of a lock-out
``throttle_per_min``   ``20``                       login attempts per client address per minute
``max_body_bytes``     ``2_000_000``                largest request body accepted
``cookie_secure``      ``None`` (automatic)         Secure flag on cookies; automatic: on, except
                                                    for plain HTTP to a loopback client
``lang``               ``"id"``                     default language of pages (``id`` or ``en``)
``reassess``           ``True``                     re-assess when an incident is verified
=====================  ===========================  ===========================================
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from petarawan.errors import ConfigError

__all__ = ["DEFAULT_SECRET", "Settings", "get_settings"]

DEFAULT_SECRET = "change-me"


class Settings(BaseSettings):
    """Web app settings (see the module docstring for every option)."""

    model_config = SettingsConfigDict(env_prefix="PETARAWAN_", extra="ignore")

    workspace: Path = Path()
    db_url: str | None = None
    secret_key: str = DEFAULT_SECRET
    environment: Literal["development", "production", "test"] = "production"
    session_hours: float = 12.0
    token_days: float = 30.0
    max_failures: int = 5
    lockout_minutes: float = 15.0
    throttle_per_min: int = 20
    max_body_bytes: int = 2_000_000
    cookie_secure: bool | None = None
    lang: Literal["id", "en"] = "id"
    reassess: bool = True
    framework: str = "kamtibmas"

    @model_validator(mode="after")
    def _refuse_default_secret(self) -> Settings:
        if self.environment != "development" and self.secret_key == DEFAULT_SECRET:
            msg = (
                "PETARAWAN_SECRET_KEY masih bernilai bawaan; isi dengan kunci acak "
                "(mis. `python -c 'import secrets; print(secrets.token_hex(32))'`) "
                "atau jalankan dengan PETARAWAN_ENVIRONMENT=development."
            )
            raise ConfigError(msg)
        if len(self.secret_key) < 8:
            msg = "PETARAWAN_SECRET_KEY terlalu pendek; diharapkan minimal 8 karakter."
            raise ConfigError(msg)
        return self


@lru_cache
def get_settings() -> Settings:
    """Return the settings from the environment (cached; built on first use, not at import)."""
    return Settings()
