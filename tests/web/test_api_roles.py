"""Every API route × role: allowed, 401 without credentials, 403 for the wrong role."""

from __future__ import annotations

from typing import Any

import pytest

ROLES = ("admin", "analis", "op1", "pimpinan")
ALL = ROLES
WRITERS = ("admin", "analis", "op1")
ROUTES = [
    ("GET", "/api/health", ALL),
    ("GET", "/api/me", ALL),
    ("GET", "/api/incidents", ALL),
    ("POST", "/api/incidents", WRITERS),
    ("GET", "/api/incidents/{id}", ALL),
    ("GET", "/api/incidents/{id}/events", ALL),
    ("POST", "/api/incidents/{id}/status", WRITERS),
    ("GET", "/api/assessments/latest", ALL),
    ("GET", "/api/alerts", ALL),
    ("GET", "/api/dashboard", ALL),
    ("GET", "/api/map/desa", ALL),
    ("GET", "/api/map/tps", ALL),
    ("GET", "/api/map/units", ALL),
    ("GET", "/api/map/incidents", ALL),
    ("GET", "/api/stakeholders", ALL),
    ("POST", "/api/stakeholders", WRITERS),
    ("GET", "/api/engagements", ALL),
    ("POST", "/api/engagements", WRITERS),
    ("GET", "/api/register/export", ALL),
    ("GET", "/api/users", ("admin",)),
    ("POST", "/api/users", ("admin",)),
    ("GET", "/api/audit", ("admin",)),
]


def test_route_roles(env: Any) -> None:
    """One environment, every route: no credentials → 401, wrong role → 403, right role → 2xx."""
    for method, path, allowed in ROUTES:
        _check_route(env, method, path, allowed)


def _check_route(env: Any, method: str, path: str, allowed: tuple[str, ...]) -> None:
    inc = env.incident("admin")
    url = path.replace("{id}", str(inc["id"]))
    body = _body(path, inc)
    r = env.client.request(method, url, json=body)
    if path == "/api/health":
        assert r.status_code == 200
        return
    assert r.status_code == 401, (method, path, r.text)
    assert "detail" in r.json()
    for who in ROLES:
        if "{id}" in path:
            url = path.replace("{id}", str(env.incident("admin")["id"]))
        r = env.client.request(method, url, json=_body(path, inc, who), headers=env.h(who))
        if who in allowed:
            assert r.status_code < 400, (method, path, who, r.status_code, r.text)
        else:
            assert r.status_code == 403, (method, path, who, r.status_code, r.text)


def _body(path: str, inc: dict[str, Any], who: str = "x") -> dict[str, Any] | None:
    if path == "/api/incidents":
        return {
            "occurred_at": "2026-11-21T08:00:00",
            "phase": "kampanye",
            "type": "sara",
            "severity": 2,
            "desa_code": "53.90.01.2001",
        }
    if path.endswith("/status"):
        return {"status": "ditolak", "note": f"uji {who}"}
    if path == "/api/stakeholders":
        return {
            "code": f"SH-{who}",
            "name": "Ketua Partai",
            "role": "ketua_partai",
            "region_code": "53.90.01.2001",
        }
    if path == "/api/engagements":
        return {"stakeholder_code": "SH-base", "date": "2026-11-01T09:00:00", "topic": "Rapat"}
    if path == "/api/users":
        return {"name": f"baru-{who}", "password": "sandi-panjang", "role": "pimpinan"}
    return None


@pytest.fixture(autouse=True)
def _base_stakeholder(env: Any) -> None:
    r = env.client.post(
        "/api/stakeholders",
        headers=env.h("admin"),
        json={
            "code": "SH-base",
            "name": "Kepala Desa",
            "role": "kepala_desa",
            "region_code": "53.90.01.2001",
        },
    )
    assert r.status_code == 201, r.text


def test_status_change_roles(env: Any) -> None:
    """Every writer role may move an incident; pimpinan may not."""
    for who in ("admin", "analis", "op1"):
        inc = env.incident("analis" if who != "analis" else "admin")
        r = env.client.post(
            f"/api/incidents/{inc['id']}/status",
            json={"status": "diverifikasi"},
            headers=env.h(who),
        )
        assert r.status_code == 200, (who, r.text)
    inc = env.incident("admin")
    r = env.client.post(
        f"/api/incidents/{inc['id']}/status",
        json={"status": "diverifikasi"},
        headers=env.h("pimpinan"),
    )
    assert r.status_code == 403
