"""Web services: users and login."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from petarawan.errors import InputDataError, Issue
from petarawan.store.models import Region, Unit
from petarawan.store.models_ops import (
    AuthToken,
    LoginAttempt,
    User,
)
from petarawan.web.deps import ROLES, now_utc
from petarawan.web.errors import AuthenticationError, LockedOutError
from petarawan.web.security import (
    hash_password,
    new_token,
    token_digest,
    verify_password,
)
from petarawan.web.services.common import _plain, audit, serialised
from petarawan.web.settings import Settings


@serialised
def add_user(
    session: Session, name: str, password: str, role: str, region: str | None, *, by: str | None
) -> User:
    """Create a user (role checked, password hashed) and audit it."""
    if role not in ROLES:
        msg = f"Peran '{role}' tidak dikenal; pilih salah satu: {', '.join(ROLES)}."
        raise InputDataError(msg, [Issue("request", None, "role", msg)])
    if role == "operator" and not region:
        msg = "Operator harus punya wilayah (--region KODE kecamatan/desa atau kode Polsek)."
        raise InputDataError(msg, [Issue("request", None, "region", msg)])
    if region and session.get(Region, region) is None and session.get(Unit, region) is None:
        msg = f"Wilayah '{region}' tidak ada di workspace (bukan kode wilayah atau satuan)."
        raise InputDataError(msg, [Issue("request", None, "region", msg)])
    if session.scalars(select(User).where(User.name == name)).first() is not None:
        msg = f"Pengguna '{name}' sudah ada."
        raise InputDataError(msg, [Issue("request", None, "name", msg)])
    user = User(
        name=name,
        password_hash=hash_password(password),
        role=role,
        region=region,
        active=True,
        failed_logins=0,
        created_at=now_utc(),
    )
    session.add(user)
    session.flush()
    audit(session, by, "create", "user", user.id, None, _user_public(user))
    session.commit()
    return user


def _user_public(user: User) -> dict[str, Any]:
    return {"id": user.id, "name": user.name, "role": user.role, "region": user.region}


LOGIN_FAILED = (
    "Gagal masuk: nama pengguna atau kata sandi salah, atau terlalu banyak percobaan gagal "
    "dari alamat ini (coba lagi nanti)."
)
"""The one answer to every refused login (wrong password, unknown user, locked, inactive)."""
ATTEMPTS_KEPT = timedelta(days=1)


@serialised
def login(
    session: Session,
    settings: Settings,
    name: str,
    password: str,
    *,
    client: str,
    kind: str,
) -> tuple[str, str, datetime]:
    """Check a password and open a session or issue an API token.

    Returns the raw token, its CSRF token and its expiry. Attempts are kept in the database
    (``login_attempts``), so the limits hold across server workers:

    - per address, at most ``throttle_per_min`` attempts in any minute (successful ones
      count too: logging in with one's own account does not clear the counter);
    - per account *and* address, ``max_failures`` wrong passwords in a row lock that pair out
      for ``lockout_minutes``; the same account from another address is not affected, so
      nobody can lock the admin out by guessing from elsewhere.

    Every refusal gives the same message, so it does not tell whether the account exists.
    """
    now = now_utc()
    client = client[:64]
    name_key = name[:80]
    recent = session.scalar(
        select(func.count())
        .select_from(LoginAttempt)
        .where(LoginAttempt.client == client, LoginAttempt.at > now - timedelta(minutes=1))
    )
    if int(recent or 0) >= settings.throttle_per_min:
        msg = "Terlalu banyak percobaan masuk dari alamat ini; tunggu satu menit."
        raise LockedOutError(msg)
    pair = (LoginAttempt.user_name == name_key, LoginAttempt.client == client)
    locked_until = session.scalar(select(func.max(LoginAttempt.locked_until)).where(*pair))
    locked = locked_until is not None and locked_until > now
    user = session.scalars(select(User).where(User.name == name)).first()
    if user is not None and user.locked_until is not None and user.locked_until > now:
        locked = True  # an administrator's lock on the account itself
    ok = verify_password(None if user is None or locked else user.password_hash, password)
    ok = ok and user is not None and user.active and not locked
    attempt = LoginAttempt(at=now, client=client, user_name=name_key, ok=ok)
    session.add(attempt)
    session.execute(
        delete(LoginAttempt).where(
            LoginAttempt.at < now - ATTEMPTS_KEPT,
            (LoginAttempt.locked_until.is_(None)) | (LoginAttempt.locked_until < now),
        )
    )
    if not ok or user is None:
        if user is not None and not locked:
            last_ok = session.scalar(
                select(func.max(LoginAttempt.at)).where(*pair, LoginAttempt.ok.is_(True))
            )
            last_lock = session.scalar(
                select(func.max(LoginAttempt.at)).where(
                    *pair, LoginAttempt.locked_until.is_not(None)
                )
            )
            start = max(
                d
                for d in (now - timedelta(minutes=settings.lockout_minutes), last_ok, last_lock)
                if d is not None
            )
            failures = session.scalar(
                select(func.count())
                .select_from(LoginAttempt)
                .where(*pair, LoginAttempt.ok.is_(False), LoginAttempt.at > start)
            )
            # the attempt being recorded is not flushed yet: count it here
            if int(failures or 0) + 1 >= settings.max_failures:
                attempt.locked_until = now + timedelta(minutes=settings.lockout_minutes)
                audit(
                    session,
                    name,
                    "lockout",
                    "user",
                    user.id,
                    None,
                    {"client": client, "from": _plain(now), "until": _plain(attempt.locked_until)},
                )
        session.commit()
        raise AuthenticationError(LOGIN_FAILED)
    token, digest = new_token(settings.secret_key)
    csrf = uuid.uuid4().hex + uuid.uuid4().hex
    life = (
        timedelta(hours=settings.session_hours)
        if kind == "session"
        else timedelta(days=settings.token_days)
    )
    session.add(
        AuthToken(
            digest=digest,
            kind=kind,
            user_id=user.id,
            csrf=csrf if kind == "session" else None,
            created_at=now,
            expires_at=now + life,
        )
    )
    audit(session, name, "login", "user", user.id, None, {"kind": kind})
    session.commit()
    return token, csrf, now + life


@serialised
def logout(session: Session, settings: Settings, token: str) -> None:
    """End a session (its token stops working at once)."""
    row = session.scalars(
        select(AuthToken).where(AuthToken.digest == token_digest(token, settings.secret_key))
    ).first()
    if row is not None:
        session.delete(row)
        session.commit()
