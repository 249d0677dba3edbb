"""Incident log: workflow, duplicates, operator area, malformed input, import, register."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import func, select

from petarawan.store.models import Incident
from petarawan.store.models_ops import AuditEntry

from .conftest import DESA, now  # type: ignore[import-not-found]


def _counts(env: Any) -> tuple[int, int]:
    with env.ws.engine.connect() as conn:
        return (
            int(conn.scalar(select(func.count()).select_from(Incident)) or 0),
            int(conn.scalar(select(func.count()).select_from(AuditEntry)) or 0),
        )


def test_workflow_with_who_and_when(env: Any) -> None:
    inc = env.incident("op1")
    assert inc["status"] == "dilaporkan"
    assert inc["next_statuses"] == ["diverifikasi", "ditolak"]
    steps = [("analis", "diverifikasi"), ("op1", "ditangani"), ("op1", "selesai")]
    for who, status in steps:
        r = env.client.post(
            f"/api/incidents/{inc['id']}/status",
            json={"status": status, "note": f"oleh {who}"},
            headers=env.h(who),
        )
        assert r.status_code == 200, r.text
        assert r.json()["status"] == status
    events = env.client.get(f"/api/incidents/{inc['id']}/events", headers=env.h("pimpinan")).json()
    assert [(e["user_name"], e["status_to"]) for e in events] == [("op1", "dilaporkan"), *steps]
    assert all(e["at"] for e in events)
    r = env.client.post(
        f"/api/incidents/{inc['id']}/status", json={"status": "dilaporkan"}, headers=env.h("admin")
    )
    assert r.status_code == 422
    assert "status akhir" in r.json()["detail"]


def test_reporter_cannot_verify_own_report(env: Any) -> None:
    inc = env.incident("op1")
    r = env.client.post(
        f"/api/incidents/{inc['id']}/status", json={"status": "diverifikasi"}, headers=env.h("op1")
    )
    assert r.status_code == 403


def test_rejection_path(env: Any) -> None:
    inc = env.incident("analis")
    r = env.client.post(
        f"/api/incidents/{inc['id']}/status", json={"status": "ditolak"}, headers=env.h("admin")
    )
    assert r.json()["status"] == "ditolak"
    assert r.json()["next_statuses"] == []


def test_duplicates_flagged(env: Any) -> None:
    a = env.incident("admin", occurred_at="2026-11-20T10:00:00", type="sara")
    b = env.incident("analis", occurred_at="2026-11-20T12:30:00", type="sara")
    c = env.incident("admin", occurred_at="2026-11-22T12:30:00", type="sara")
    d = env.incident("admin", occurred_at="2026-11-20T11:00:00", type="logistik")
    got = env.client.get(f"/api/incidents/{b['id']}", headers=env.h("admin")).json()
    assert got["possible_duplicates"] == [a["id"]]
    listing = {
        i["id"]: i for i in env.client.get("/api/incidents", headers=env.h("admin")).json()["data"]
    }
    assert listing[a["id"]]["possible_duplicates"] == [b["id"]]
    assert listing[c["id"]]["possible_duplicates"] == []
    assert listing[d["id"]]["possible_duplicates"] == []


def test_operator_area_read_and_write(env: Any) -> None:
    mine = env.incident("admin", desa=DESA[0])
    other = env.incident("admin", desa=DESA[2])
    h = env.h("op1")
    ids = {i["id"] for i in env.client.get("/api/incidents", headers=h).json()["data"]}
    assert mine["id"] in ids and other["id"] not in ids
    assert env.client.get(f"/api/incidents/{other['id']}", headers=h).status_code == 404
    assert env.client.get(f"/api/incidents/{other['id']}/events", headers=h).status_code == 404
    r = env.client.post(
        f"/api/incidents/{other['id']}/status", json={"status": "ditolak"}, headers=h
    )
    assert r.status_code == 404
    n, _ = _counts(env)
    r = env.client.post(
        "/api/incidents",
        headers=h,
        json={
            "occurred_at": "2026-11-20T10:00:00",
            "phase": "kampanye",
            "type": "sara",
            "severity": 2,
            "desa_code": DESA[2],
        },
    )
    assert r.status_code == 403
    assert _counts(env)[0] == n
    # the other operator sees only theirs
    ids2 = {i["id"] for i in env.client.get("/api/incidents", headers=env.h("op2")).json()["data"]}
    assert ids2 == {other["id"]}
    # pages too, also by URL
    assert env.client.get(f"/incidents/{other['id']}", headers=h).status_code == 404
    assert env.client.get(f"/incidents/{mine['id']}", headers=h).status_code == 200
    tps = env.client.get("/api/map/tps", headers=h).json()
    assert {f["properties"]["desa_code"] for f in tps["features"]} <= {DESA[0], DESA[1]}


def test_place_by_map_point(env: Any) -> None:
    inc = env.incident("admin", desa=None, lon=124.05, lat=-9.39)
    assert inc["desa_code"] == DESA[2]
    r = env.client.post(
        "/api/incidents",
        headers=env.h("admin"),
        json={
            "occurred_at": "2026-11-20T10:00:00",
            "phase": "kampanye",
            "type": "sara",
            "severity": 2,
            "lon": 130.0,
            "lat": -2.0,
        },
    )
    assert r.status_code == 422
    assert r.json()["issues"][0]["column"] == "lon/lat"


BAD_BODIES = [
    ("not json", "{occurred_at: 1"),
    (
        "wrong type",
        {"occurred_at": "kemarin", "phase": "kampanye", "type": "sara", "severity": "x"},
    ),
    (
        "unknown field",
        {
            "occurred_at": "2026-11-20T10:00:00",
            "phase": "kampanye",
            "type": "sara",
            "severity": 2,
            "desa_code": DESA[0],
            "hacker": True,
        },
    ),
    (
        "bad enum",
        {
            "occurred_at": "2026-11-20T10:00:00",
            "phase": "perang",
            "type": "sara",
            "severity": 2,
            "desa_code": DESA[0],
        },
    ),
    (
        "out of range",
        {
            "occurred_at": "2026-11-20T10:00:00",
            "phase": "kampanye",
            "type": "sara",
            "severity": 9,
            "desa_code": DESA[0],
        },
    ),
    (
        "unknown desa",
        {
            "occurred_at": "2026-11-20T10:00:00",
            "phase": "kampanye",
            "type": "sara",
            "severity": 2,
            "desa_code": "53.90.09.2009",
        },
    ),
    ("array", [1, 2, 3]),
]


@pytest.mark.parametrize(("label", "body"), BAD_BODIES, ids=[b[0] for b in BAD_BODIES])
def test_malformed_writes_nothing(env: Any, label: str, body: Any) -> None:
    before = _counts(env)
    if isinstance(body, str):
        r = env.client.post(
            "/api/incidents",
            content=body,
            headers={**env.h("admin"), "content-type": "application/json"},
        )
    else:
        r = env.client.post("/api/incidents", json=body, headers=env.h("admin"))
    assert 400 <= r.status_code < 500, r.text
    assert r.json()["detail"]
    assert _counts(env) == before


def test_oversized_body(env: Any) -> None:
    before = _counts(env)
    big = {
        "occurred_at": "2026-11-20T10:00:00",
        "phase": "kampanye",
        "type": "sara",
        "severity": 2,
        "desa_code": DESA[0],
        "description": "x" * 3_000_000,
    }
    r = env.client.post("/api/incidents", json=big, headers=env.h("admin"))
    assert r.status_code == 413
    assert "terlalu besar" in r.json()["detail"]
    assert _counts(env) == before


def test_filters(env: Any) -> None:
    env.incident("admin", phase="kampanye", type="sara")
    env.incident(
        "admin",
        phase="masa_tenang",
        type="logistik",
        desa=DESA[3],
        occurred_at="2026-11-25T10:00:00",
    )
    h = env.h("admin")
    get = lambda **q: env.client.get("/api/incidents", params=q, headers=h).json()["count"]  # noqa: E731
    assert get(phase="masa_tenang") == 1
    assert get(type="sara") == 1
    assert get(area="53.90.02") == 1
    assert get(since="2026-11-24T00:00:00") == 1
    assert get(status="dilaporkan") == 2
    assert get(status="selesai") == 0


def test_bulk_import(env: Any, tmp_path: Any) -> None:
    good = tmp_path / "kejadian.csv"
    good.write_text(
        "ref,tanggal,tahapan,jenis,tingkat,kode_desa\n"
        "K-1,2024-11-01,kampanye,sara,3,53.90.01.2001\n"
        "K-2,2024-11-02,kampanye,intimidasi,2,53.90.02.2001\n",
        encoding="utf-8",
    )
    with good.open("rb") as f:
        r = env.client.post(
            "/api/incidents/import",
            files={"file": ("kejadian.csv", f, "text/csv")},
            headers=env.h("analis"),
        )
    assert r.status_code == 200, r.text
    assert r.json()["imported"] == 2
    bad = tmp_path / "buruk.csv"
    bad.write_text(
        "ref,tanggal,tahapan,jenis,tingkat,kode_desa\n"
        "K-3,bukan-tanggal,kampanye,sara,3,53.90.01.2001\n",
        encoding="utf-8",
    )
    before = _counts(env)[0]
    with bad.open("rb") as f:
        r = env.client.post(
            "/api/incidents/import",
            files={"file": ("buruk.csv", f, "text/csv")},
            headers=env.h("analis"),
        )
    assert r.status_code == 422
    assert r.json()["issues"][0]["row"] == 2
    assert _counts(env)[0] == before
    with good.open("rb") as f:
        r = env.client.post(
            "/api/incidents/import", files={"file": ("k.csv", f, "text/csv")}, headers=env.h("op1")
        )
    assert r.status_code == 403


def test_register_and_overdue(env: Any) -> None:
    h = env.h("analis")
    r = env.client.post(
        "/api/stakeholders",
        headers=h,
        json={
            "code": "KP-1",
            "name": "Ketua DPC",
            "role": "ketua_partai",
            "organisation": "Partai A",
            "region_code": DESA[0],
        },
    )
    assert r.status_code == 201
    ahead = (now() + timedelta(days=180)).isoformat(timespec="seconds")
    for due in ("2020-01-01T00:00:00", ahead):
        r = env.client.post(
            "/api/engagements",
            headers=h,
            json={
                "stakeholder_code": "KP-1",
                "date": "2019-12-01T09:00:00",
                "topic": "Deklarasi damai",
                "commitments": "Tidak ada pawai",
                "follow_up": "Cek spanduk",
                "follow_up_due": due,
            },
        )
        assert r.status_code == 201, r.text
    late = env.client.get("/api/engagements?overdue=true", headers=h).json()
    assert late["count"] == 1
    assert late["data"][0]["days_overdue"] > 365
    csv = env.client.get("/api/register/export", headers=h)
    assert csv.headers["content-type"].startswith("text/csv")
    assert "Deklarasi damai" in csv.text and "tanggal" in csv.text.splitlines()[0]
    # operator of the other kecamatan does not see it
    assert env.client.get("/api/stakeholders", headers=env.h("op2")).json()["count"] == 0
    r = env.client.post(
        "/api/engagements",
        headers=env.h("op2"),
        json={"stakeholder_code": "KP-1", "date": "2019-12-01T09:00:00", "topic": "x"},
    )
    assert r.status_code == 422


def test_pages_render(env: Any) -> None:
    from .test_auth import _browser_login  # type: ignore[import-not-found]

    inc = env.incident("admin")
    _browser_login(env.client, "op1")
    for url in (
        "/",
        "/incidents",
        "/incidents/new",
        f"/incidents/{inc['id']}",
        "/alerts",
        "/register",
    ):
        r = env.client.get(url)
        assert r.status_code == 200, (url, r.text[:300])
    assert env.client.get("/report").status_code == 403


@pytest.mark.in_process  # changes the app's settings
def test_verification_triggers_reassessment(env: Any) -> None:
    """With re-assessment on, verifying answers 200 and reports the assessment (or why not)."""
    env.app.state.settings.reassess = True
    inc = env.incident("op1")
    r = env.client.post(
        f"/api/incidents/{inc['id']}/status",
        json={"status": "diverifikasi"},
        headers=env.h("analis"),
    )
    assert r.status_code == 200, r.text
    info = r.json()["reassessment"]
    assert "error" not in info, info
    assert isinstance(info["assessment_id"], int)
    latest = env.client.get("/api/assessments/latest", headers=env.h("pimpinan")).json()
    assert latest["id"] == info["assessment_id"]
    assert latest["as_of"]
    assert latest["summary"]["live"] is True


@pytest.mark.in_process  # changes the app's settings
def test_verification_says_why_the_index_could_not_be_recomputed(env: Any) -> None:
    """A re-assessment that cannot run (unknown framework) is reported; the verification stays."""
    env.app.state.settings.reassess = True
    env.app.state.settings.framework = "tidak_ada"
    inc = env.incident("op1")
    r = env.client.post(
        f"/api/incidents/{inc['id']}/status",
        json={"status": "diverifikasi"},
        headers=env.h("analis"),
    )
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["status"] == "diverifikasi"
    info = body["reassessment"]
    assert info["assessment_id"] is None
    assert "tidak_ada" in info["error"] and info["error"].startswith("Analisa ulang")


def test_report_page_shows_the_briefing_and_dashboard_the_plan(env: Any) -> None:
    """The report view is the maps issue's briefing HTML; the dashboard reads the stored plan."""
    from petarawan.services.operation import run_operation_plan
    from petarawan.web.services import dashboard

    from .test_auth import _browser_login  # type: ignore[import-not-found]

    assert dashboard._plan_summary(env.ws) is None
    rec = run_operation_plan(env.ws, "polres-pilkada2024")
    peak = rec.stage(rec.peak.stage)
    summary = dashboard._plan_summary(env.ws)
    assert summary is not None
    assert summary["polri"] == peak.required.polri and summary["plan_id"] == rec.id
    _browser_login(env.client, "analis")
    page = env.client.get("/report")
    assert page.status_code == 200
    assert "Kabupaten Uji" in page.text and "<html" in page.text.lower()
    assert f"Kebutuhan {peak.required.polri} personel" in page.text.replace("\n", " ")
    dashboard._DASH.clear()
    dash = env.client.get("/")
    assert f"Rencana operasi #{rec.id}" in dash.text


def test_alert_suggestion_uses_the_stored_plan(env: Any) -> None:
    """Without a plan the fixed Pilkada 2020 ratios; with one, its pattern and nearest reserve."""
    from sqlalchemy.orm import Session

    from petarawan.services.operation import run_operation_plan
    from petarawan.web import live

    tps = env.ws.tps()
    tid = str(tps["tps_id"].iloc[0])
    alert = {"level": "tps", "code": tid, "before": "kurang_rawan", "after": "sangat_rawan"}
    assert live._stored_plan(env.ws) is None
    plain = live._suggestion(None, alert, 1, "Polres Uji", {}, {})
    assert plain == (
        "Tambah 2 personel Pam TPS ke 1 TPS dari personel dinas rutin Polres Uji "
        "(belum ada rencana)."
    )
    rec = run_operation_plan(env.ws, "polres-pilkada2024")
    plan = live._stored_plan(env.ws)
    assert plan is not None and plan[0].id == rec.id
    with Session(env.ws.engine) as s:
        tps_of = live._tps_by_desa(s)
    text = live._suggestion(plan, alert, 1, "Polres Uji", tps_of, {})
    cover = next(c for c in rec.tps_cover if c.tps_id == tid)
    unit = next(u.name for u in rec.strength.units if u.code == cover.unit)
    # pilkada2020-nasional: kurang rawan 2 per 10 TPS, sangat rawan 2 per TPS → ⌈1.8⌉ = 2
    assert text.startswith(f"Geser 2 personel cadangan {unit} ke TPS ")
    assert text.endswith(f", {cover.minutes:.0f} menit.")
