"""Reading dated political dynamics: the value of each indicator valid at a moment."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

import pandas as pd
from sqlalchemy import select

from petarawan.store.models import Dynamic

if TYPE_CHECKING:
    from petarawan.store.workspace import Workspace

__all__ = ["dynamics_as_of"]


def dynamics_as_of(ws: Workspace, level: str, as_of: datetime) -> pd.DataFrame:
    """Return, per unit (rows) and dated indicator (columns), the value valid at ``as_of``.

    The latest value recorded with ``valid_from`` ≤ ``as_of`` wins (ties: the later record);
    an indicator with dated values but none valid yet is NaN for that unit.
    """
    moment = as_of.replace(tzinfo=None) if as_of.tzinfo else as_of
    stmt = select(
        Dynamic.code, Dynamic.indicator, Dynamic.value, Dynamic.valid_from, Dynamic.id
    ).where(Dynamic.election_id == (ws.election_id or ""), Dynamic.level == level)
    with ws.engine.connect() as conn:
        rows = pd.read_sql(stmt, conn)
    if rows.empty:
        return pd.DataFrame()
    rows["valid_from"] = pd.to_datetime(rows["valid_from"])
    names = sorted(rows["indicator"].unique())
    valid = rows[rows["valid_from"] <= pd.Timestamp(moment)]
    latest = valid.sort_values(["valid_from", "id"]).groupby(["code", "indicator"]).last()
    wide = latest["value"].unstack("indicator") if len(latest) else pd.DataFrame()
    wide = wide.reindex(columns=names)
    wide.index = wide.index.astype(str)
    wide.index.name = "code"
    wide.columns.name = None
    return wide.astype(float)
