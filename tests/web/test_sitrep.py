"""The daily situation report: CLI PDF and text, web page, notable incidents of the day only."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from sqlalchemy.orm import Session

from .conftest import DESA, seed_registry  # type: ignore[import-not-found]


def _seed(ws: Any) -> None:
    from petarawan.store.models import Incident

    seed_registry(ws)
    with Session(ws.engine) as s, s.begin():
        # 14 Feb 2024 13.30 WITA = 05.30 UTC: notable (severity 5, two casualties)
        s.add(
            Incident(
                ref="a",
                occurred_at=datetime(2024, 2, 14, 5, 30),
                phase="pemungutan_penghitungan",
                type="kekerasan",
                severity=5,
                casualties=2,
                desa_code=DESA[0],
                status="diverifikasi",
                description="Bentrok di TPS 1",
            )
        )
        # same day, minor
        s.add(
            Incident(
                ref="b",
                occurred_at=datetime(2024, 2, 14, 1, 0),
                phase="pemungutan_penghitungan",
                type="logistik",
                severity=2,
                casualties=0,
                desa_code=DESA[2],
                status="dilaporkan",
            )
        )
        # 23.00 WITA on 13 Feb (15.00 UTC): the day before, not in the report of the 14th
        s.add(
            Incident(
                ref="c",
                occurred_at=datetime(2024, 2, 13, 15, 0),
                phase="masa_tenang",
                type="politik_uang",
                severity=5,
                casualties=0,
                desa_code=DESA[1],
                status="dilaporkan",
            )
        )


def test_sitrep_cli_writes_pdf_and_text(tmp_path: Path) -> None:
    from petarawan.cli import main
    from petarawan.store import Workspace

    ws = Workspace.open(tmp_path / "ws")
    _seed(ws)
    ws.close()
    out = tmp_path / "lapsit.pdf"
    txt = tmp_path / "lapsit.txt"
    code = main(
        [
            "sitrep",
            "--date",
            "2024-02-14",
            "--out",
            str(out),
            "--workspace",
            str(tmp_path / "ws"),
            "--text",
            str(txt),
        ]
    )
    assert code == 0
    pdf = " ".join(" ".join(p.extract_text() for p in PdfReader(out).pages).split())
    assert "Laporan Situasi Harian" in pdf and "Kabupaten Uji" in pdf
    assert "Kejadian menonjol" in pdf
    assert "14 Feb 2024 13.30 WITA" in pdf
    assert "Kekerasan" in pdf and "Desa 1" in pdf
    text = txt.read_text(encoding="utf-8")
    assert "Kejadian: 2 (+1 dari hari sebelumnya), korban: 2" in text
    assert "1. 13.30 WITA Kekerasan, Desa 1 (Kecamatan 1), tingkat 5, 2 korban" in text
    assert "Politik uang" not in text  # the 13th's incident belongs to the day before
    assert "kekerasan" not in text and "pemungutan_penghitungan" not in pdf
    assert len(text.splitlines()) < 20


def test_sitrep_cli_refuses_a_bad_date(tmp_path: Path) -> None:
    from petarawan.cli import main
    from petarawan.store import Workspace

    Workspace.open(tmp_path / "ws").close()
    args = ["sitrep", "--date", "14-02-2024", "--out", str(tmp_path / "x.pdf")]
    assert main([*args, "--workspace", str(tmp_path / "ws")]) == 2
    assert not (tmp_path / "x.pdf").exists()


@pytest.mark.parametrize("db_url", [None])
def test_sitrep_page_and_text(env: Any) -> None:
    from petarawan.store.models import Incident

    from .test_auth import _browser_login  # type: ignore[import-not-found]

    with Session(env.ws.engine) as s, s.begin():
        s.add(
            Incident(
                ref="x",
                occurred_at=datetime(2024, 2, 14, 5, 30),
                phase="kampanye",
                type="kekerasan",
                severity=4,
                casualties=0,
                desa_code=DESA[2],
                status="dilaporkan",
            )
        )
    _browser_login(env.client, "admin")
    page = env.client.get("/sitrep?date=2024-02-14")
    assert page.status_code == 200 and "Kejadian menonjol" in page.text
    assert "14 Feb 2024 13.30 WITA" in page.text
    assert env.client.get("/sitrep.pdf?date=2024-02-14").content[:4] == b"%PDF"
    # an operator of the other kecamatan sees a report without it
    _browser_login(env.client, "op1")
    txt = env.client.get("/sitrep.txt?date=2024-02-14").text
    assert "Kejadian: 0" in txt
