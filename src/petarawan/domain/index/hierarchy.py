"""The administrative hierarchy used to broadcast and roll up values between levels."""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["LEVEL_ORDER", "NATIONAL_CODE", "Hierarchy", "level_rank"]

LEVEL_ORDER = ("tps", "desa", "kecamatan", "kabkota", "provinsi", "nasional")
NATIONAL_CODE = "ID"


def level_rank(level: str) -> int:
    """Position of ``level`` from the finest (tps = 0); unknown levels get -1."""
    return LEVEL_ORDER.index(level) if level in LEVEL_ORDER else -1


class Hierarchy:
    """Parent links between units of all levels (TPS -> desa -> ... -> provinsi).

    Parameters
    ----------
    frame
        Columns ``code``, ``level`` and ``parent_code``; TPS rows have level ``tps`` and their
        desa as parent.
    """

    def __init__(self, frame: pd.DataFrame) -> None:
        f = frame[["code", "level", "parent_code"]].drop_duplicates("code")
        self.parent = pd.Series(f["parent_code"].to_numpy(), index=f["code"].astype(str))
        self.level = pd.Series(f["level"].to_numpy(), index=f["code"].astype(str))

    @classmethod
    def from_tables(
        cls, regions: pd.DataFrame | None = None, tps: pd.DataFrame | None = None
    ) -> Hierarchy:
        """Build from regions (code, level, parent_code) and TPS (tps_id, desa_code)."""
        parts = []
        if regions is not None and len(regions):
            parts.append(pd.DataFrame(regions[["code", "level", "parent_code"]]))
        if tps is not None and len(tps):
            parts.append(
                pd.DataFrame(
                    {
                        "code": tps["tps_id"].astype(str).to_numpy(),
                        "level": "tps",
                        "parent_code": tps["desa_code"].astype(str).to_numpy(),
                    }
                )
            )
        frame = (
            pd.concat(parts, ignore_index=True)
            if parts
            else pd.DataFrame(columns=["code", "level", "parent_code"])
        )
        return cls(frame)

    def codes(self, level: str) -> pd.Index:
        """All codes at ``level``."""
        if level == "nasional":
            return pd.Index([NATIONAL_CODE])
        return pd.Index(self.level.index[self.level.to_numpy() == level])

    def ancestors(self, codes: pd.Index | np.ndarray, level: str) -> np.ndarray:
        """Return the ancestor at ``level`` of each code (itself at that level; None if none)."""
        idx = pd.Index(codes).astype(str)
        if level == "nasional":
            return np.full(len(idx), NATIONAL_CODE, dtype=object)
        result = np.full(len(idx), None, dtype=object)
        cur = pd.Series(idx.to_numpy(), dtype=object)
        for _ in range(len(LEVEL_ORDER) + 1):
            lv = cur.map(self.level).to_numpy()
            hit = (lv == level) & pd.isna(result)
            result[hit] = cur.to_numpy()[hit]
            cur = cur.map(self.parent)
            if cur.isna().all():
                break
        return result
