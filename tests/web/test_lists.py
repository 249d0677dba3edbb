"""Pages people read: paged, filtered, exported lists; register and alert workflow by form."""

from __future__ import annotations

import csv
import io
import re
from datetime import timedelta
from typing import Any

from openpyxl import load_workbook
from sqlalchemy.orm import Session

from .conftest import DESA, now  # type: ignore[import-not-found]


def _login(env: Any, who: str) -> str:
    from .test_auth import _browser_login  # type: ignore[import-not-found]

    return str(_browser_login(env.client, who))


def _seed_incidents(env: Any, n: int) -> None:
    from petarawan.store.models import Incident

    base = now() - timedelta(days=30)
    with Session(env.ws.engine) as s, s.begin():
        for i in range(n):
            s.add(
                Incident(
                    ref=f"seed-{i}",
                    occurred_at=base + timedelta(hours=i),
                    phase="kampanye" if i % 2 else "pra_kampanye",
                    type="politik_uang" if i % 3 == 0 else "intimidasi",
                    severity=1 + i % 5,
                    casualties=0,
                    desa_code=DESA[i % 4],
                    status="dilaporkan",
                    description=f"kejadian nomor {i}",
                )
            )


def test_incident_list_pages_filters_and_exports(env: Any) -> None:
    _seed_incidents(env, 120)
    _login(env, "admin")
    first = env.client.get("/incidents")
    assert first.status_code == 200
    assert first.text.count('<tr><td><a href="/incidents/') == 50
    assert "Halaman 1 dari 3" in first.text
    assert "Pra-kampanye" in first.text and "pra_kampanye</td>" not in first.text
    last = env.client.get("/incidents?page=3")
    assert last.text.count('<tr><td><a href="/incidents/') == 20
    # a type filter: every third seeded incident is politik uang → 40
    r = env.client.get("/incidents?type=politik_uang")
    assert "(40)" in r.text
    # kecamatan 53.90.01 holds DESA[0] and DESA[1] → half
    r = env.client.get("/incidents?kecamatan=53.90.01")
    assert "(60)" in r.text
    r = env.client.get("/incidents?q=nomor%207")
    assert re.search(r"\((1[0-9]|[1-9])\)", r.text)
    exported = env.client.get("/incidents/export?format=csv&type=politik_uang")
    assert exported.status_code == 200
    rows = list(csv.reader(io.StringIO(exported.content.decode("utf-8-sig"))))
    assert len(rows) == 41 and rows[0][0] == "No"
    assert {r[3] for r in rows[1:]} == {"Politik uang"}
    assert all("WITA" in r[1] for r in rows[1:])
    x = env.client.get("/incidents/export?format=xlsx&kecamatan=53.90.02")
    wb = load_workbook(io.BytesIO(x.content))
    assert wb.active is not None and wb.active.max_row == 61
    # the date range is in the workspace's days; a range before every seed is empty
    r = env.client.get("/incidents?until=2000-01-01")
    assert "(0)" in r.text
    assert env.client.get("/incidents?sort=bogus").status_code == 422


def test_register_forms_overdue_and_audit(env: Any) -> None:
    csrf = _login(env, "op1")
    r = env.client.post(
        "/register/stakeholders",
        data={
            "csrf_token": csrf,
            "code": "TA-1",
            "name": "Bapak Tokoh",
            "role": "tokoh_agama",
            "region_code": DESA[0],
        },
        follow_redirects=False,
    )
    assert r.status_code == 303, r.text
    yesterday = (now() + timedelta(hours=8) - timedelta(days=1)).date().isoformat()
    r = env.client.post(
        "/register/meetings",
        data={
            "csrf_token": csrf,
            "stakeholder_code": "TA-1",
            "date": "2026-11-20T09:00",
            "topic": "Kampanye damai",
            "follow_up": "Kirim daftar peserta",
            "follow_up_due": yesterday,
        },
        follow_redirects=False,
    )
    assert r.status_code == 303, r.text
    page = env.client.get("/register").text
    assert 'id="overdue-count">1<' in page
    assert "Tokoh agama" in page and "tokoh_agama<" not in page
    # missing fields: a message, not a 500
    r = env.client.post(
        "/register/stakeholders",
        data={"csrf_token": csrf, "code": "bad code!", "name": "", "role": "x"},
    )
    assert r.status_code == 422
    # mark the follow-up done: no longer overdue
    mid = re.search(r'href="/register/meetings/(\d+)"', page)
    assert mid
    r = env.client.post(
        f"/register/meetings/{mid.group(1)}",
        data={
            "csrf_token": csrf,
            "topic": "Kampanye damai",
            "follow_up_due": yesterday,
            "done": "1",
        },
        follow_redirects=False,
    )
    assert r.status_code == 303
    assert 'id="overdue-count">0<' in env.client.get("/register").text
    exported = env.client.get("/register/export?what=stakeholders&format=csv")
    assert "Tokoh agama" in exported.content.decode("utf-8-sig")
    _login(env, "admin")
    audit = env.client.get("/audit").text
    assert "Pemangku kepentingan" in audit and "Pertemuan" in audit


def test_alert_workflow_by_form_is_audited(env: Any) -> None:
    from petarawan.store.models_ops import Alert, AuditEntry

    with Session(env.ws.engine) as s, s.begin():
        s.add(
            Alert(
                created_at=now(),
                level="desa",
                code=DESA[0],
                name="Desa 1",
                class_before="kurang_rawan",
                class_after="rawan",
                drivers=["insiden"],
                acknowledged=False,
            )
        )
    csrf = _login(env, "analis")
    page = env.client.get("/alerts").text
    assert "Kurang rawan" in page and "kurang_rawan<" not in page
    aid = re.search(r'id="alert-(\d+)"', page)
    assert aid
    url = f"/alerts/{aid.group(1)}/state"
    ok = env.client.post(url, data={"csrf_token": csrf, "state": "diakui"}, follow_redirects=False)
    assert ok.status_code == 303
    # assigning needs a name; closing twice is refused
    assert env.client.post(url, data={"csrf_token": csrf, "state": "ditugaskan"}).status_code == 422
    r = env.client.post(
        url, data={"csrf_token": csrf, "state": "ditugaskan", "assigned_to": "Bripka Yohanes"}
    )
    assert r.status_code == 200
    assert env.client.post(url, data={"csrf_token": csrf, "state": "ditutup"}).status_code == 200
    assert env.client.post(url, data={"csrf_token": csrf, "state": "ditutup"}).status_code == 422
    with Session(env.ws.engine) as s:
        actions = [a.action for a in s.query(AuditEntry).filter(AuditEntry.entity == "alert").all()]
    assert actions == ["acknowledge", "assign", "close"]
    assert "Ditutup" in env.client.get("/alerts").text


def test_workspace_time_zone(env: Any, tmp_path: Any) -> None:
    import pytest

    from petarawan.errors import InputDataError

    assert env.ws.timezone() == "Asia/Makassar"
    env.ws.set_timezone("Asia/Jakarta")
    assert env.ws.timezone() == "Asia/Jakarta"
    with pytest.raises(InputDataError):
        env.ws.set_timezone("Mars/Olympus")
