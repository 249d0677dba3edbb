"""Fixtures of the web tests: a tiny registry, users of every role, clients with tokens."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import shapely
from argon2 import PasswordHasher
from sqlalchemy.orm import Session

PASSWORD = "rahasia-123"
KAB = "53.90"
KEC = ("53.90.01", "53.90.02")
DESA = ("53.90.01.2001", "53.90.01.2002", "53.90.02.2001", "53.90.02.2002")
USERS = {
    "admin": ("admin", None),
    "analis": ("analis", None),
    "op1": ("operator", "POLSEK-01"),
    "op2": ("operator", "POLSEK-02"),
    "pimpinan": ("pimpinan", None),
}


def test_client_class() -> Any:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient
    return TestClient


test_client_class.__test__ = False  # type: ignore[attr-defined]


@pytest.fixture(autouse=True)
def _fast_hashes(monkeypatch: pytest.MonkeyPatch) -> None:
    """Cheap argon2 parameters in tests (the algorithm and code path stay the same)."""
    from petarawan.web import security

    monkeypatch.setattr(security, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024))


def _square(i: int, j: int) -> bytes:
    x, y = 124.0 + 0.02 * i, -9.4 + 0.02 * j
    return shapely.to_wkb(shapely.box(x, y, x + 0.02, y + 0.02))


def seed_registry(ws: Any) -> None:
    """Write two kecamatan with two desa each, eight TPS, a Polres and two Polsek."""
    from petarawan.store.models import Region, Tps, Unit

    election = ws.require_election()  # the TPS list belongs to an election
    with Session(ws.engine) as s, s.begin():
        s.add(Region(code="53", name="Nusa Tenggara Timur", level="provinsi", kind="provinsi"))
        s.add(
            Region(
                code=KAB, name="Kabupaten Uji", level="kabkota", kind="kabupaten", parent_code="53"
            )
        )
        for k, code in enumerate(KEC):
            s.add(
                Region(
                    code=code,
                    name=f"Kecamatan {k + 1}",
                    level="kecamatan",
                    kind="kecamatan",
                    parent_code=KAB,
                )
            )
        for i, code in enumerate(DESA):
            s.add(
                Region(
                    code=code,
                    name=f"Desa {i + 1}",
                    level="desa",
                    kind="desa",
                    parent_code=code[:8],
                    area_km2=4.9,
                    geometry=_square(i, 0),
                )
            )
            for n in (1, 2):
                s.add(
                    Tps(
                        election_id=election,
                        tps_id=code.replace(".", "") + f"{n:03d}",
                        desa_code=code,
                        number=n,
                        voters=250,
                        lon=124.01 + 0.02 * i,
                        lat=-9.39,
                        location_source="surveyed",
                        khusus=False,
                        flags={},
                    )
                )
        s.add(
            Unit(
                code="POLRES-UJI",
                name="Polres Uji",
                kind="polres",
                covers=[KAB],
                polri=100,
                lon=124.05,
                lat=-9.39,
            )
        )
        for k, code in enumerate(KEC):
            s.add(
                Unit(
                    code=f"POLSEK-0{k + 1}",
                    name=f"Polsek {k + 1}",
                    kind="polsek",
                    parent_code="POLRES-UJI",
                    covers=[code],
                    polri=20,
                    lon=124.01 + 0.04 * k,
                    lat=-9.39,
                )
            )


@dataclass
class Env:
    app: Any
    ws: Any
    client: Any
    tokens: dict[str, str]

    def h(self, who: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[who]}"}

    def incident(self, who: str = "admin", desa: str = DESA[0], **extra: Any) -> dict[str, Any]:
        body = {
            "occurred_at": "2026-11-20T10:00:00",
            "phase": "kampanye",
            "type": "intimidasi",
            "severity": 3,
            "desa_code": desa,
            **extra,
        }
        r = self.client.post("/api/incidents", json=body, headers=self.h(who))
        assert r.status_code == 201, r.text
        return dict(r.json())


def make_settings(path: Path, db_url: str | None, **kw: Any) -> Any:
    from petarawan.web.settings import Settings

    base: dict[str, Any] = {
        "workspace": path,
        "db_url": db_url,
        "secret_key": "test-secret-key-0123456789",
        "environment": "test",
        "throttle_per_min": 1000,
        "reassess": False,
    }
    base.update(kw)
    return Settings(**base)


@pytest.fixture
def env(tmp_path: Path, db_url: str | None) -> Iterator[Env]:
    """A web app on a tiny registry with one user of each role and a token for each."""
    from petarawan.store import Workspace
    from petarawan.web.app import create_app
    from petarawan.web.services import add_user

    path = tmp_path / "ws"
    ws = Workspace.open(path, db_url)
    seed_registry(ws)
    with Session(ws.engine) as s:
        for name, (role, region) in USERS.items():
            add_user(s, name, PASSWORD, role, region, by="test")
    ws.close()
    app = create_app(make_settings(path, db_url))
    client = test_client_class()(app)
    tokens = {}
    for name in USERS:
        r = client.post("/api/auth/token", json={"username": name, "password": PASSWORD})
        assert r.status_code == 200, r.text
        tokens[name] = r.json()["access_token"]
    try:
        yield Env(app, app.state.ws, client, tokens)
    finally:
        client.close()
        app.state.ws.close()


def now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)
