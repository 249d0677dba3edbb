"""The incident list at scale: 100,000 incidents, the first page's queries use the indexes.

No wall-clock limit here (the machine is shared); ``benchmarks/incident_list.py`` prints the
server time. This test checks what makes it fast: the page query reads the
``ix_incidents_occurred_id`` index in order instead of sorting the whole table.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, insert
from sqlalchemy.orm import Session

from .conftest import DESA, seed_registry  # type: ignore[import-not-found]

pytestmark = pytest.mark.slow
N = 100_000


def bulk_incidents(ws: Any, n: int) -> None:
    """Insert ``n`` incidents spread over 120 days in the four test desa."""
    from petarawan.domain import columns as C
    from petarawan.store.models import Incident

    start = datetime(2024, 8, 1)
    rows = [
        {
            "ref": f"bulk-{i}",
            "occurred_at": start + timedelta(minutes=i * 1.7),
            "phase": C.PHASES[i % len(C.PHASES)],
            "type": C.INCIDENT_TYPES[i % len(C.INCIDENT_TYPES)],
            "severity": 1 + i % 5,
            "casualties": 0,
            "desa_code": DESA[i % len(DESA)],
            "status": C.INCIDENT_STATUSES[i % len(C.INCIDENT_STATUSES)],
            "version": 1,
        }
        for i in range(n)
    ]
    with ws.engine.begin() as conn:
        for k in range(0, n, 20_000):
            conn.execute(insert(Incident), rows[k : k + 20_000])


def test_first_page_of_100k_incidents_reads_the_index(tmp_path: Path) -> None:
    from petarawan.store import Workspace
    from petarawan.web import services
    from petarawan.web.deps import UserCtx

    ws = Workspace.open(tmp_path / "ws")
    try:
        seed_registry(ws)
        bulk_incidents(ws, N)
        admin = UserCtx(1, "admin", "admin", None, None, "api")
        operator = UserCtx(2, "op1", "operator", "POLSEK-01", ("53.90.01",), "api")
        statements: list[tuple[str, Any]] = []

        def grab(_conn: Any, _cur: Any, sql: str, params: Any, _ctx: Any, _many: bool) -> None:
            if sql.lstrip().upper().startswith("SELECT"):
                statements.append((sql, params))

        event.listen(ws.engine, "before_cursor_execute", grab)
        with Session(ws.engine) as s:
            rows, count = services.list_incidents(s, admin, limit=50)
            assert count == N and len(rows) == 50
            assert rows[0]["occurred_at"] >= rows[-1]["occurred_at"]
            page_sql = [q for q in statements if "ORDER BY" in q[0]]
            assert page_sql, statements
            filtered, fcount = services.list_incidents(s, operator, status="diverifikasi", limit=50)
            assert fcount == N // 2 // 5 and all(r["status"] == "diverifikasi" for r in filtered)
        event.remove(ws.engine, "before_cursor_execute", grab)
        with ws.engine.connect() as conn:
            for sql, params in [q for q in statements if "ORDER BY" in q[0]]:
                found = conn.exec_driver_sql("EXPLAIN QUERY PLAN " + sql, params).all()
                plan = " | ".join(str(r[-1]) for r in found)
                print(plan)
                assert "ix_incidents_" in plan, plan
                assert "TEMP B-TREE FOR ORDER BY" not in plan, plan
    finally:
        ws.close()
