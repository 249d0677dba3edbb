"""Field-app API: idempotent submissions, photos checked by type, conflicts, checklist, meetings."""

from __future__ import annotations

import io
import json
import uuid
from typing import Any

from PIL import Image
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from .conftest import DESA  # type: ignore[import-not-found]

REPORT = {
    "occurred_at": "2026-11-20T10:00:00+08:00",
    "phase": "kampanye",
    "type": "intimidasi",
    "severity": 3,
    "desa_code": DESA[0],
    "description": "Spanduk dirusak",
}


def _png() -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (32, 24), "red").save(buf, format="PNG")
    return buf.getvalue()


def _count(env: Any, model: Any) -> int:
    with Session(env.ws.engine) as s:
        return int(s.scalar(select(func.count()).select_from(model)) or 0)


def _post_report(env: Any, key: str, files: list[Any] | None = None, **extra: Any) -> Any:
    return env.client.post(
        "/api/field/incidents",
        data={"payload": json.dumps({**REPORT, **extra})},
        files=files or [],
        headers={**env.h("op1"), "Idempotency-Key": key},
    )


def test_a_report_is_stored_once_per_key_with_its_photo(env: Any) -> None:
    from petarawan.store.models import Incident
    from petarawan.store.models_field import IncidentPhoto, Submission

    key = str(uuid.uuid4())
    photo = [("photos", ("a.png", _png(), "image/png"))]
    first = _post_report(env, key, photo)
    assert first.status_code == 201, first.text
    assert first.json()["outcome"] == "stored" and first.json()["version"] == 1
    again = _post_report(env, key, photo)
    assert again.status_code == 200, again.text
    assert again.json()["replayed"] is True
    assert again.json()["entity_id"] == first.json()["entity_id"]
    assert _count(env, Incident) == 1
    assert _count(env, IncidentPhoto) == 1
    assert _count(env, Submission) == 1
    other = _post_report(env, str(uuid.uuid4()))
    assert other.status_code == 201
    assert _count(env, Incident) == 2
    seen = env.client.get("/api/field/received", headers=env.h("op1")).json()["data"]
    assert {r["key"] for r in seen} == {key, other.json()["key"]}
    # another user cannot replay (or read) someone else's key
    r = env.client.post(
        "/api/field/incidents",
        data={"payload": json.dumps(REPORT)},
        headers={**env.h("admin"), "Idempotency-Key": key},
    )
    assert r.status_code == 422


def test_photos_are_checked_by_content_count_and_size(env: Any) -> None:
    from petarawan.store.models import Incident

    fake = [("photos", ("x.jpg", b"#!/bin/sh\necho not a photo\n", "image/jpeg"))]
    r = _post_report(env, str(uuid.uuid4()), fake)
    assert r.status_code == 422, r.text
    assert "JPEG" in r.text
    many = [("photos", (f"{i}.png", _png(), "image/png")) for i in range(4)]
    r = _post_report(env, str(uuid.uuid4()), many)
    assert r.status_code == 422
    assert "paling banyak 3" in r.text
    big = [("photos", ("big.jpg", b"\xff\xd8\xff" + b"0" * (5 * 1024 * 1024), "image/jpeg"))]
    r = _post_report(env, str(uuid.uuid4()), big)
    assert r.status_code == 422
    assert "batasnya" in r.text
    assert _count(env, Incident) == 0
    r = _post_report(env, "short")
    assert r.status_code == 422


def test_an_amendment_after_an_ops_room_change_is_a_conflict(env: Any) -> None:
    from petarawan.store.models import Incident

    sent = _post_report(env, str(uuid.uuid4())).json()
    iid = int(sent["entity_id"])
    ok = env.client.post(
        f"/api/field/incidents/{iid}/amend",
        json={"base_version": 1, "description": "Spanduk dirusak dua orang"},
        headers={**env.h("op1"), "Idempotency-Key": str(uuid.uuid4())},
    )
    assert ok.status_code == 201, ok.text
    r = env.client.post(
        f"/api/incidents/{iid}/status", json={"status": "diverifikasi"}, headers=env.h("analis")
    )
    assert r.status_code == 200
    key = str(uuid.uuid4())
    late = env.client.post(
        f"/api/field/incidents/{iid}/amend",
        json={"base_version": 2, "description": "ditimpa?"},
        headers={**env.h("op1"), "Idempotency-Key": key},
    )
    assert late.status_code == 409, late.text
    assert "ruang operasi" in late.json()["message"]
    with Session(env.ws.engine) as s:
        row = s.get(Incident, iid)
        assert row is not None
        assert row.description == "Spanduk dirusak dua orang"
        assert row.status == "diverifikasi" and row.version == 3
    again = env.client.post(
        f"/api/field/incidents/{iid}/amend",
        json={"base_version": 2, "description": "ditimpa?"},
        headers={**env.h("op1"), "Idempotency-Key": key},
    )
    assert again.status_code == 409 and again.json()["replayed"] is True


def test_checklist_and_meeting_once_per_key(env: Any) -> None:
    from petarawan.domain.checklist import CHECKLIST, all_flag_ids
    from petarawan.store.models import Engagement, Stakeholder, Tps

    tps_id = DESA[0].replace(".", "") + "001"
    key = str(uuid.uuid4())
    first, second = CHECKLIST[0].id, CHECKLIST[-1].id
    body = {"tps_id": tps_id, "flags": {first: True, second: False}}
    h = {**env.h("op1"), "Idempotency-Key": key}
    assert env.client.post("/api/field/checklist", json=body, headers=h).status_code == 201
    assert env.client.post("/api/field/checklist", json=body, headers=h).status_code == 200
    with Session(env.ws.engine) as s:
        tps = s.get(Tps, (env.ws.election_id, tps_id))
        assert tps is not None and tps.flags[first] is True
    bad = {"tps_id": tps_id, "flags": {"bukan_butir": True}}
    r = env.client.post(
        "/api/field/checklist", json=bad, headers={**env.h("op1"), "Idempotency-Key": "k" * 12}
    )
    assert r.status_code == 422 and "bukan_butir" in r.text
    other_area = DESA[2].replace(".", "") + "001"
    r = env.client.post(
        "/api/field/checklist",
        json={"tps_id": other_area, "flags": {}},
        headers={**env.h("op1"), "Idempotency-Key": "m" * 12},
    )
    assert r.status_code == 422
    with Session(env.ws.engine) as s, s.begin():
        s.add(Stakeholder(code="KP-1", name="Bapak Uji", role="tokoh_adat", region_code=DESA[0]))
    meeting = {"stakeholder_code": "KP-1", "date": "2026-11-20T09:00:00+08:00", "topic": "Damai"}
    h = {**env.h("op1"), "Idempotency-Key": str(uuid.uuid4())}
    assert env.client.post("/api/field/meetings", json=meeting, headers=h).status_code == 201
    assert env.client.post("/api/field/meetings", json=meeting, headers=h).status_code == 200
    assert _count(env, Engagement) == 1
    area = env.client.get("/api/field/area", headers=env.h("op1")).json()
    assert {d["code"] for d in area["desa"]} == {DESA[0], DESA[1]}
    assert area["stakeholders"][0]["role"] == "Tokoh adat"
    assert [c["id"] for c in area["checklist"]] == all_flag_ids()


def test_manifest_and_worker_are_served(env: Any) -> None:
    m = env.client.get("/manifest.webmanifest")
    assert m.status_code == 200 and m.json()["start_url"] == "/field/"
    sw = env.client.get("/sw.js")
    assert sw.status_code == 200 and "javascript" in sw.headers["content-type"]
    assert sw.headers["service-worker-allowed"] == "/"


def test_labels_for_map_tooltips(env: Any) -> None:
    r = env.client.get("/api/labels?lang=en", headers=env.h("pimpinan"))
    assert r.status_code == 200
    assert r.json()["incident_type"]["politik_uang"] == "Vote buying"
    ind = env.client.get("/api/labels", headers=env.h("pimpinan")).json()
    assert ind["category"]["sangat_rawan"] == "Sangat rawan"
    assert env.client.get("/api/labels").status_code == 401
