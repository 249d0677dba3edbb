"""Sessions, CSRF, lock-out, throttling, cookies, settings and the audit log."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from petarawan.errors import ConfigError

from .conftest import PASSWORD, make_settings, test_client_class  # type: ignore[import-not-found]


def _login_page(client: Any) -> str:
    r = client.get("/login")
    assert r.status_code == 200
    m = re.search(r'name="csrf_token" value="([^"]+)"', r.text)
    assert m
    return m.group(1)


def _browser_login(client: Any, name: str = "admin") -> str:
    token = _login_page(client)
    r = client.post(
        "/login",
        data={"username": name, "password": PASSWORD, "csrf_token": token},
        follow_redirects=False,
    )
    assert r.status_code == 303, r.text
    cookie = r.headers["set-cookie"]
    assert "HttpOnly" in cookie
    assert "SameSite=strict" in cookie or "samesite=strict" in cookie.lower()
    page = client.get("/")
    assert page.status_code == 200
    m = re.search(r'<meta name="csrf-token" content="([^"]+)">', page.text)
    assert m
    return m.group(1)


def test_session_cookie_and_csrf(env: Any) -> None:
    client = env.client
    csrf = _browser_login(client)
    body = {
        "occurred_at": "2026-11-20T10:00:00",
        "phase": "kampanye",
        "type": "sara",
        "severity": 2,
        "desa_code": "53.90.01.2001",
    }
    before = client.get("/api/incidents", headers=env.h("admin")).json()["count"]
    r = client.post("/api/incidents", json=body)
    assert r.status_code == 403
    assert "CSRF" in r.json()["detail"]
    r = client.post("/api/incidents", json=body, headers={"X-CSRF-Token": "salah"})
    assert r.status_code == 403
    assert client.get("/api/incidents", headers=env.h("admin")).json()["count"] == before
    r = client.post("/api/incidents", json=body, headers={"X-CSRF-Token": csrf})
    assert r.status_code == 201, r.text


def test_form_without_csrf_is_refused(env: Any) -> None:
    _browser_login(env.client)
    r = env.client.post(
        "/incidents",
        data={
            "occurred_at": "2026-11-20T10:00",
            "phase": "kampanye",
            "type": "sara",
            "severity": "2",
            "desa_code": "53.90.01.2001",
        },
    )
    assert r.status_code == 403


def test_login_form_needs_its_csrf(env: Any) -> None:
    _login_page(env.client)
    r = env.client.post(
        "/login",
        data={"username": "admin", "password": PASSWORD, "csrf_token": "palsu"},
        follow_redirects=False,
    )
    assert r.status_code == 403


def test_logout_ends_session(env: Any) -> None:
    csrf = _browser_login(env.client)
    r = env.client.post("/logout", data={"csrf_token": csrf}, follow_redirects=False)
    assert r.status_code == 303
    assert env.client.get("/api/me").status_code == 401


def test_lockout_after_failures(env: Any) -> None:
    """Five wrong passwords lock the account at that address only, with the one message."""
    from datetime import datetime, timedelta

    c = env.client
    for _ in range(5):
        r = c.post("/api/auth/token", json={"username": "analis", "password": "salah-sandi"})
        assert r.status_code == 401
    wrong = r.json()
    r = c.post("/api/auth/token", json={"username": "analis", "password": PASSWORD})
    assert r.status_code == 401
    # the locked account answers exactly like a wrong password or an unknown user
    assert r.json() == wrong
    unknown = c.post("/api/auth/token", json={"username": "tidak-ada", "password": "x"})
    assert unknown.json() == wrong
    audit = c.get("/api/audit", headers=env.h("admin")).json()
    lock = next(a for a in audit if a["action"] == "lockout" and a["user_name"] == "analis")
    start = datetime.fromisoformat(lock["after"]["from"])
    until = datetime.fromisoformat(lock["after"]["until"])
    assert until - start == timedelta(minutes=15)
    # the token issued before the lock-out still works; other users are unaffected
    assert c.get("/api/me", headers=env.h("analis")).status_code == 200
    r = c.post("/api/auth/token", json={"username": "op1", "password": PASSWORD})
    assert r.status_code == 200


@pytest.mark.in_process  # a server on loopback sees every client as 127.0.0.1
def test_lockout_does_not_reach_other_addresses(env: Any) -> None:
    """Someone else's failed tries on `admin` do not stop the admin logging in elsewhere."""
    attacker = test_client_class()(env.app, client=("203.0.113.9", 40000))
    for _ in range(8):
        r = attacker.post("/api/auth/token", json={"username": "admin", "password": "tebak"})
        assert r.status_code == 401
    r = attacker.post("/api/auth/token", json={"username": "admin", "password": PASSWORD})
    assert r.status_code == 401
    office = test_client_class()(env.app, client=("10.20.30.40", 40001))
    r = office.post("/api/auth/token", json={"username": "admin", "password": PASSWORD})
    assert r.status_code == 200, r.text
    attacker.close()
    office.close()


def test_unknown_user_same_answer(env: Any) -> None:
    r1 = env.client.post("/api/auth/token", json={"username": "tidak-ada", "password": "x"})
    r2 = env.client.post("/api/auth/token", json={"username": "admin", "password": "x"})
    assert r1.status_code == r2.status_code == 401
    assert r1.json() == r2.json()


def test_throttle_per_client(tmp_path: Path, db_url: str | None) -> None:
    """The per-address limit counts every attempt; a good login does not clear it."""
    from sqlalchemy.orm import Session

    from petarawan.store import Workspace
    from petarawan.web.app import create_app
    from petarawan.web.services import add_user

    with Workspace.open(tmp_path / "ws", db_url) as ws, Session(ws.engine) as s:
        add_user(s, "sendiri", PASSWORD, "analis", None, by="test")
    app = create_app(make_settings(tmp_path / "ws", db_url, throttle_per_min=4))
    c = test_client_class()(app)
    codes = [
        c.post("/api/auth/token", json={"username": "x", "password": "y"}).status_code
        for _ in range(2)
    ]
    codes.append(
        c.post("/api/auth/token", json={"username": "sendiri", "password": PASSWORD}).status_code
    )
    codes += [
        c.post("/api/auth/token", json={"username": "x", "password": "y"}).status_code
        for _ in range(3)
    ]
    assert codes == [401, 401, 200, 401, 429, 429]
    other = test_client_class()(app, client=("10.0.0.7", 1))
    assert other.post("/api/auth/token", json={"username": "x", "password": "y"}).status_code == 401
    app.state.ws.close()


def test_bad_token_and_expired(env: Any) -> None:
    assert env.client.get("/api/me", headers={"Authorization": "Bearer nope"}).status_code == 401
    from sqlalchemy import update

    from petarawan.store.models_ops import AuthToken

    with env.ws.engine.begin() as conn:
        conn.execute(update(AuthToken).values(expires_at=AuthToken.created_at))
    assert env.client.get("/api/me", headers=env.h("admin")).status_code == 401


def test_default_secret_refused_outside_development(tmp_path: Path) -> None:
    from petarawan.web.settings import Settings

    with pytest.raises(ConfigError, match="SECRET_KEY"):
        Settings(workspace=tmp_path)
    assert Settings(workspace=tmp_path, environment="development").secret_key == "change-me"


def test_settings_from_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from petarawan.web.settings import Settings

    monkeypatch.setenv("PETARAWAN_SECRET_KEY", "dari-lingkungan-123")
    monkeypatch.setenv("PETARAWAN_MAX_FAILURES", "3")
    s = Settings(workspace=tmp_path)
    assert s.secret_key == "dari-lingkungan-123"
    assert s.max_failures == 3


def test_audit_records_before_and_after(env: Any) -> None:
    inc = env.incident("op1")
    env.client.post(
        f"/api/incidents/{inc['id']}/status",
        json={"status": "diverifikasi"},
        headers=env.h("analis"),
    )
    audit = env.client.get("/api/audit", headers=env.h("admin")).json()
    create = next(
        a
        for a in audit
        if a["action"] == "create"
        and a["entity"] == "incident"
        and a["entity_id"] == str(inc["id"])
    )
    assert create["user_name"] == "op1"
    assert create["before"] is None
    assert create["after"]["status"] == "dilaporkan"
    step = next(a for a in audit if a["action"] == "status" and a["entity_id"] == str(inc["id"]))
    assert step["user_name"] == "analis"
    assert step["before"]["status"] == "dilaporkan"
    assert step["after"]["status"] == "diverifikasi"
    assert step["at"]


def test_pages_need_login_and_speak_indonesian(env: Any) -> None:
    r = env.client.get("/", headers={"accept": "text/html"}, follow_redirects=False)
    assert r.status_code == 303
    assert r.headers["location"].startswith("/login")
    page = env.client.get("/login")
    assert "Kata sandi" in page.text
    assert "Password" in env.client.get("/login?lang=en").text


def test_security_headers_and_local_assets(env: Any) -> None:
    r = env.client.get("/login")
    assert r.headers["x-frame-options"] == "DENY"
    assert "cdn" not in r.text.lower()
    assert "http://" not in r.text and "https://" not in r.text
    assert env.client.get("/static/leaflet/leaflet.js").status_code == 200
    assert env.client.get("/static/app.js").status_code == 200
