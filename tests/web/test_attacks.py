"""Each attack found when the operations room was probed (issue 17), replayed: none does harm."""

from __future__ import annotations

import csv
import io
import threading
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from sqlalchemy import func, select

from petarawan.store.models import Incident

from .conftest import DESA, PASSWORD, make_settings, test_client_class  # type: ignore[import-not-found]

FORMULA = "=cmd|' /C calc'!A0"


def _count(env: Any) -> int:
    with env.ws.engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(Incident)).scalar() or 0)


def _incident(**extra: Any) -> dict[str, Any]:
    return {
        "occurred_at": "2026-11-20T10:00:00",
        "phase": "kampanye",
        "type": "intimidasi",
        "severity": 3,
        "desa_code": DESA[0],
        **extra,
    }


# -- dates ------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "when", ["9999-12-31T23:59:59", "2100-01-01T00:00:00", "0001-01-01T00:00:00", "1989-12-31"]
)
def test_absurd_incident_date_is_refused_and_nothing_stored(env: Any, when: str) -> None:
    before = _count(env)
    r = env.client.post("/api/incidents", json=_incident(occurred_at=when), headers=env.h("op1"))
    assert r.status_code == 422, r.text
    assert r.json()["issues"][0]["column"] == "occurred_at"
    assert _count(env) == before
    # every read still answers
    assert env.client.get("/api/incidents", headers=env.h("admin")).status_code == 200
    assert env.client.get("/api/dashboard", headers=env.h("admin")).status_code == 200


def test_absurd_date_in_engagement_is_refused(env: Any) -> None:
    r = env.client.post(
        "/api/stakeholders",
        headers=env.h("admin"),
        json={"code": "KP-9", "name": "Ketua", "role": "ketua_partai", "region_code": DESA[0]},
    )
    assert r.status_code == 201, r.text
    r = env.client.post(
        "/api/engagements",
        headers=env.h("admin"),
        json={"stakeholder_code": "KP-9", "date": "9999-01-01T00:00:00", "topic": "x"},
    )
    assert r.status_code == 422


def test_absurd_date_in_imported_file_is_refused(env: Any, tmp_path: Path) -> None:
    path = tmp_path / "insiden.csv"
    path.write_text(
        "waktu,jenis,kode_desa\n2026-11-01 10:00,intimidasi,53.90.01.2001\n"
        "9999-12-31 23:59,intimidasi,53.90.01.2001\n",
        encoding="utf-8",
    )
    before = _count(env)
    with path.open("rb") as fh:
        r = env.client.post(
            "/api/incidents/import", files={"file": ("insiden.csv", fh)}, headers=env.h("analis")
        )
    assert r.status_code == 422, r.text
    assert any("9999" in i["message"] and i["row"] == 3 for i in r.json()["issues"])
    assert _count(env) == before


def test_report_chart_range_is_bounded() -> None:
    """Dates far apart (already stored by an old version) give at most five years of bars."""
    from petarawan.render.report import MAX_CHART_MONTHS, monthly_incidents

    inc = pd.DataFrame(
        {
            "occurred_at": pd.to_datetime(["1990-01-01", "2024-11-27", "2100-01-01"]),
            "type": ["intimidasi", "kekerasan", "sara"],
        }
    )
    table = monthly_incidents(inc)
    assert table is not None
    assert len(table) == MAX_CHART_MONTHS
    assert table.index.max() <= pd.Period(pd.Timestamp.now(), freq="M") + 12


# -- spreadsheet bombs ------------------------------------------------------------------------
def _xlsx(path: Path, sheet_xml: bytes) -> Path:
    """Write a minimal workbook with one sheet whose XML is ``sheet_xml``."""
    parts = {
        "[Content_Types].xml": (
            b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org'
            b'/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.'
            b'openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="'
            b'application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/'
            b'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName'
            b'="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
            b'officedocument.spreadsheetml.worksheet+xml"/></Types>'
        ),
        "_rels/.rels": (
            b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
            b'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http'
            b"://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
            b'" Target="xl/workbook.xml"/></Relationships>'
        ),
        "xl/workbook.xml": (
            b'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxml'
            b'formats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/'
            b'officeDocument/2006/relationships"><sheets><sheet name="Insiden" sheetId="1" '
            b'r:id="rId1"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
            b'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http'
            b'://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
            b'Target="worksheets/sheet1.xml"/></Relationships>'
        ),
        "xl/worksheets/sheet1.xml": sheet_xml,
    }
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    return path


def _sheet(rows: int, dimension: int | None = None) -> bytes:
    head = (
        b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats'
        b'.org/spreadsheetml/2006/main">'
    )
    if dimension:
        head += f'<dimension ref="A1:C{dimension}"/>'.encode()
    body = io.BytesIO()
    body.write(head + b"<sheetData>")
    body.write(
        b'<row r="1"><c r="A1" t="inlineStr"><is><t>waktu</t></is></c><c r="B1" t="inlineStr">'
        b'<is><t>jenis</t></is></c><c r="C1" t="inlineStr"><is><t>kode_desa</t></is></c></row>'
    )
    row = (  # rows and cells may leave out their position: identical rows compress to nothing
        b'<row><c t="inlineStr"><is><t>kemarin</t></is></c><c t="inlineStr"><is><t>x</t></is>'
        b"</c></row>"
    )
    body.write(row * rows)
    body.write(b"</sheetData></worksheet>")
    return body.getvalue()


class _RecordingLock:
    """A stand-in for the write lock that records whether anyone took it."""

    def __init__(self) -> None:
        self.taken = 0
        self._lock = threading.Lock()

    def __enter__(self) -> None:
        self.taken += 1
        self._lock.acquire()

    def __exit__(self, *exc: object) -> None:
        self._lock.release()


@pytest.fixture
def write_lock(monkeypatch: pytest.MonkeyPatch) -> Iterator[_RecordingLock]:
    from petarawan.web.services import common

    lock = _RecordingLock()
    monkeypatch.setattr(common, "_WRITE_LOCK", lock)
    yield lock


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
@pytest.mark.parametrize("kind", ["unpacked", "declared_rows", "rows"])
def test_spreadsheet_bomb_refused_before_parsing_without_the_lock(
    env: Any, tmp_path: Path, write_lock: _RecordingLock, kind: str
) -> None:
    if kind == "unpacked":  # ~30 MB of XML in a few hundred KB
        path = _xlsx(tmp_path / "bom.xlsx", _sheet(300_000))
    elif kind == "declared_rows":  # a small file that declares 700,000 rows
        path = _xlsx(tmp_path / "bom.xlsx", _sheet(10, dimension=700_000))
    else:  # 30,000 real rows, each one a problem
        path = _xlsx(tmp_path / "bom.xlsx", _sheet(30_000))
    assert path.stat().st_size < 2_000_000
    before = _count(env)
    with path.open("rb") as fh:
        r = env.client.post(
            "/api/incidents/import", files={"file": ("bom.xlsx", fh)}, headers=env.h("analis")
        )
    assert r.status_code == 422, r.text
    body = r.json()
    assert any("terlalu besar" in i["message"] for i in body["issues"]), body
    assert len(body["issues"]) <= 201
    assert write_lock.taken == 0  # refused while reading: no operator waited on the lock
    assert _count(env) == before


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_many_problems_are_listed_up_to_a_limit(
    env: Any, tmp_path: Path, write_lock: _RecordingLock
) -> None:
    from petarawan.errors import MAX_LISTED_ISSUES

    path = tmp_path / "insiden.csv"
    path.write_text(
        "waktu,jenis,kode_desa\n" + "kemarin,x,53.90.01.2001\n" * 3000, encoding="utf-8"
    )
    with path.open("rb") as fh:
        r = env.client.post(
            "/api/incidents/import", files={"file": ("insiden.csv", fh)}, headers=env.h("analis")
        )
    assert r.status_code == 422
    issues = r.json()["issues"]
    assert len(issues) == MAX_LISTED_ISSUES + 1
    assert "masalah lain" in issues[-1]["message"]
    assert write_lock.taken == 0


# -- formula injection ------------------------------------------------------------------------
def test_register_export_cells_are_text(env: Any) -> None:
    h = env.h("admin")
    r = env.client.post(
        "/api/stakeholders",
        headers=h,
        json={
            "code": "KP-1",
            "name": "@SUM(A1:A9)",
            "role": "ketua_partai",
            "region_code": DESA[0],
        },
    )
    assert r.status_code == 201, r.text
    r = env.client.post(
        "/api/engagements",
        headers=h,
        json={
            "stakeholder_code": "KP-1",
            "date": "2026-11-01T09:00:00",
            "topic": FORMULA,
            "commitments": "+1+1",
            "follow_up": "-2+3",
        },
    )
    assert r.status_code == 201, r.text
    text = env.client.get("/api/register/export", headers=h).text
    rows = list(csv.reader(io.StringIO(text)))
    cells = [c for row in rows[1:] for c in row]
    assert "'" + FORMULA in cells and "'@SUM(A1:A9)" in cells and "'+1+1" in cells
    assert not any(c.startswith(("=", "+", "-", "@")) for c in cells)


def test_layer_export_cells_are_text(tmp_path: Path) -> None:
    """`export --format xlsx/csv`: a unit named like a formula is a text cell."""
    import openpyxl

    from petarawan.io.export import write_layers

    units = pd.DataFrame(
        {
            "code": ["P1", "P2"],
            "name": ['=HYPERLINK("http://x","klik")', "\t=1+1"],
            "polri": [3, -4],
        }
    )
    (xlsx,) = write_layers({"units": units}, "xlsx", tmp_path / "out.xlsx")
    sheet = openpyxl.load_workbook(xlsx).active
    assert sheet is not None
    names = [sheet.cell(row=r, column=2) for r in (2, 3)]
    assert all(c.data_type == "s" and str(c.value).startswith("'") for c in names)
    assert sheet.cell(row=3, column=3).value == -4  # numbers stay numbers
    (path,) = write_layers({"units": units}, "csv", tmp_path / "csv")
    frame = pd.read_csv(path)
    assert not frame["name"].str.startswith(("=", "\t")).any()


def test_excel_report_and_roster_cells_are_text(tmp_path: Path) -> None:
    import openpyxl

    from petarawan.render.roster import write_roster_xlsx

    roster = pd.DataFrame(
        {
            "unit": ["=U1"],
            "unit_name": ["=HYPERLINK(1)"],
            "group": [0],
            "kecamatan": ["-Kec"],
            "category": ["sangat_rawan"],
            "tps_ids": ["@1"],
            "polri": [2],
            "linmas": [2],
            "minutes": [10.0],
        }
    )
    summary = {
        "pattern": {"id": "p"},
        "required": {"by_category": {}, "polri": 2, "linmas": 2},
    }
    path = write_roster_xlsx(roster, summary, tmp_path / "r.xlsx", lang="id")
    wb = openpyxl.load_workbook(path)
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                assert c.data_type != "f", (ws.title, c.coordinate, c.value)


# -- area leaks -------------------------------------------------------------------------------
def test_operator_sees_only_their_area_on_map_and_dashboard(env: Any) -> None:
    op = env.h("op1")
    desa = env.client.get("/api/map/desa", headers=op).json()
    codes = {f["properties"]["code"] for f in desa["features"]}
    assert codes == {DESA[0], DESA[1]}
    units = env.client.get("/api/map/units", headers=op).json()
    assert {f["properties"]["code"] for f in units["features"]} == {"POLSEK-01"}
    dash = env.client.get("/api/dashboard", headers=op).json()
    assert dash["personnel_available"]["polri"] == 20
    assert dash["personnel_planned"] is None
    # the analyst still sees the whole regency
    full = env.client.get("/api/map/desa", headers=env.h("analis")).json()
    assert len(full["features"]) == len(DESA)
    assert (
        env.client.get("/api/dashboard", headers=env.h("analis")).json()["personnel_available"][
            "polri"
        ]
        == 140
    )


# -- text -------------------------------------------------------------------------------------
def test_utf8_file_with_one_stray_byte_keeps_its_letters(tmp_path: Path) -> None:
    from petarawan.io.tables import read_table

    path = tmp_path / "desa.csv"
    path.write_bytes(
        "kode,nama\n1,Désa Oé\n2,Bad\xff byte\n".encode().replace(b"\xc3\xbf", b"\xff")
    )
    table = read_table(path, known_headers=("kode", "nama"))
    names = list(table.frame["nama"])
    assert names[0] == "Désa Oé"  # not "DÃ©sa"
    assert names[1] == "Bad\ufffd byte"
    assert any("baris 3" in i.message and i.severity == "warning" for i in table.issues)


def test_separator_comes_from_the_header_line(tmp_path: Path) -> None:
    from petarawan.io.tables import read_table

    path = tmp_path / "desa.csv"
    path.write_text("kode,nama\n1,a||b||c\n2,d||e||f\n3,g||h\n", encoding="utf-8")
    table = read_table(path, known_headers=("kode", "nama"))
    assert list(table.frame.columns) == ["kode", "nama"]
    assert list(table.frame["nama"]) == ["a||b||c", "d||e||f", "g||h"]
    path.write_text("kode;nama\n1;a,b,c\n", encoding="utf-8")
    assert list(read_table(path).frame["nama"]) == ["a,b,c"]


def test_point_far_from_its_desa_is_refused(env: Any, tmp_path: Path) -> None:
    from petarawan.errors import InputDataError
    from petarawan.store.importer import import_files

    r = env.client.post("/api/incidents", json=_incident(lon=0.0, lat=0.0), headers=env.h("admin"))
    assert r.status_code == 422
    assert "di luar desa" in r.text
    inside = env.client.post(
        "/api/incidents", json=_incident(lon=124.01, lat=-9.39), headers=env.h("admin")
    )
    assert inside.status_code == 201, inside.text
    path = tmp_path / "tps.csv"
    path.write_text(
        f"kode_desa,no_tps,dpt,lon,lat\n{DESA[0]},1,250,0,0\n{DESA[0]},2,250,124.01,-9.39\n",
        encoding="utf-8",
    )
    with pytest.raises(InputDataError) as err:
        import_files(env.ws, "tps", [path])
    assert [i.row for i in err.value.issues if i.severity == "error"] == [2]


# -- cookies, bodies, authentication before parsing --------------------------------------------
def test_session_cookie_secure_by_default_except_plain_http_on_loopback(
    tmp_path: Path, db_url: str | None
) -> None:
    import re

    from sqlalchemy.orm import Session

    from petarawan.store import Workspace
    from petarawan.web.app import create_app
    from petarawan.web.services import add_user

    with Workspace.open(tmp_path / "ws", db_url) as ws, Session(ws.engine) as s:
        add_user(s, "admin", PASSWORD, "admin", None, by="test")
    settings = make_settings(tmp_path / "ws", db_url)
    settings.cookie_secure = None
    app = create_app(settings)
    for host, secure in (("198.51.100.4", True), ("127.0.0.1", False)):
        c = test_client_class()(app, client=(host, 5000))
        page = c.get("/login").text
        token = re.search(r'name="csrf_token" value="([^"]+)"', page)
        assert token
        # a Secure cookie does not come back over plain HTTP: hand it back as a browser on
        # HTTPS would
        c.cookies.set("petarawan_login_csrf", token.group(1))
        r = c.post(
            "/login",
            data={"username": "admin", "password": PASSWORD, "csrf_token": token.group(1)},
            follow_redirects=False,
        )
        assert r.status_code == 303, r.text
        cookie = next(v for k, v in r.headers.multi_items() if k == "set-cookie" and "session" in v)
        assert ("secure" in cookie.lower()) is secure
        c.close()
    app.state.ws.close()


def test_chunked_oversize_body_gets_413(env: Any) -> None:
    from petarawan.web.settings import Settings

    limit = int(Settings.model_fields["max_body_bytes"].default)

    def chunks() -> Iterator[bytes]:
        for _ in range(limit // 65536 + 4):
            yield b"x" * 65536

    r = env.client.post(
        "/api/incidents",
        content=chunks(),
        headers={**env.h("admin"), "content-type": "application/json"},
    )
    assert r.status_code == 413


@pytest.mark.parametrize("body", ["{not json", '{"occurred_at": "kemarin"}', '{"x": 1}', "[]"])
def test_unauthenticated_malformed_post_gets_401(env: Any, body: str) -> None:
    headers = {"content-type": "application/json"}
    r = env.client.post("/api/incidents", content=body, headers=headers)
    assert r.status_code == 401, r.text
    r = env.client.post(
        "/api/incidents", content=body, headers={**headers, "Authorization": "Bearer x"}
    )
    assert r.status_code == 401
    # logged in, the same body is described (422)
    r = env.client.post("/api/incidents", content=body, headers={**headers, **env.h("admin")})
    assert r.status_code == 422


def test_csp_header_forbids_inline_script(env: Any) -> None:
    r = env.client.get("/login")
    csp = r.headers["content-security-policy"]
    script = next(p for p in csp.split(";") if p.strip().startswith("script-src"))
    assert "'unsafe-inline'" not in script and "'self'" in script
    assert "onclick=" not in r.text and "<script>" not in r.text


# -- several workers: revisions in the database -----------------------------------------------
def test_tps_reimport_with_same_count_changes_the_next_reassessment(
    env: Any, tmp_path: Path
) -> None:
    """Same number of TPS, other voters, imported by another process (the CLI): the live
    re-assessment, whose inputs are cached in this process, must not reuse stale inputs."""
    import subprocess
    import sys

    from petarawan.store.records import read_assessment
    from petarawan.web import live

    def inputs(ident: int) -> str:
        record = read_assessment(env.ws, ident)
        assert record is not None
        return record.inputs_hash

    first, _ = live.reassess(env.ws)
    again, _ = live.reassess(env.ws)
    assert inputs(first) == inputs(again)
    path = tmp_path / "tps.csv"
    lines = ["kode_desa,no_tps,dpt"] + [
        f"{d},{n},{590 if n == 1 else 40}" for d in DESA for n in (1, 2)
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    url = env.ws.engine.url.render_as_string(hide_password=False)
    cmd = [sys.executable, "-m", "petarawan", "import", "tps", str(path), "-w", str(env.ws.path)]
    if not url.startswith("sqlite"):
        cmd += ["--db", url]
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    with env.ws.engine.connect() as conn:
        from petarawan.store.models import Tps

        voters = sorted(conn.execute(select(Tps.voters)).scalars())
    assert voters == [40] * 4 + [590] * 4
    third, _ = live.reassess(env.ws)
    assert inputs(third) != inputs(again)


def test_revision_moves_with_every_write(env: Any) -> None:
    from petarawan.store.revision import revisions

    before = revisions(env.ws.engine)
    env.incident("admin")
    after = revisions(env.ws.engine)
    assert after["ops"] > before["ops"] and after["registry"] == before["registry"]


def test_several_workers_on_sqlite_are_refused_with_a_message(tmp_path: Path) -> None:
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-m", "petarawan", "serve", "-w", str(tmp_path), "--workers", "4"],
        capture_output=True,
        text=True,
        check=False,
        env={"COLUMNS": "200", "PATH": "", "PYTHONPATH": ":".join(sys.path)},
    )
    assert done.returncode == 2
    assert "PostgreSQL" in done.stderr and "--workers 1" in done.stderr
