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
        codes = np.asarray(f["code"].astype(str).to_numpy(), dtype=object)
        self.index = pd.Index(codes, dtype=object)
        self.parent = pd.Series(
            np.asarray(f["parent_code"].to_numpy(), dtype=object), index=self.index
        )
        self.level = pd.Series(np.asarray(f["level"].to_numpy(), dtype=object), index=self.index)
        parents = np.asarray(f["parent_code"].to_numpy(), dtype=object)
        known = pd.notna(parents)
        pos = np.full(len(codes), -1, dtype=np.int64)
        if known.any():
            pos[known] = self.index.get_indexer(parents[known].astype(str))
        self._parent_pos = pos
        self._level_arr = np.asarray(f["level"].to_numpy(), dtype=object)
        self._cache: tuple[object, np.ndarray] | None = None

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

    def positions(self, codes: pd.Index | np.ndarray) -> np.ndarray:
        """Row positions of ``codes`` in the hierarchy (-1 for unknown codes); cached for reuse."""
        if self._cache is not None:
            cached = self._cache[0]
            if cached is codes or (
                isinstance(cached, pd.Index)
                and isinstance(codes, pd.Index)
                and len(cached) == len(codes)
                and cached.equals(codes)
            ):
                return self._cache[1]
        index = pd.Index(codes)
        if index.dtype != object:
            index = index.astype(str)
        idx = np.asarray(index.to_numpy(), dtype=object)
        pos = self.index.get_indexer(idx)
        self._cache = (pd.Index(codes), pos)
        return pos

    def ancestors(self, codes: pd.Index | np.ndarray, level: str) -> np.ndarray:
        """Return the ancestor at ``level`` of each code (itself at that level; None if none)."""
        n = len(codes)
        if level == "nasional":
            return np.full(n, NATIONAL_CODE, dtype=object)
        pos = self.positions(codes).copy()
        found = np.full(n, -1, dtype=np.int64)
        for _ in range(len(LEVEL_ORDER) + 1):
            ok = pos >= 0
            if not ok.any():
                break
            hit = ok & (found < 0)
            hit[ok] &= self._level_arr[pos[ok]] == level
            found[hit] = pos[hit]
            pos[ok] = self._parent_pos[pos[ok]]
        result = np.full(n, None, dtype=object)
        good = found >= 0
        result[good] = self.index.to_numpy()[found[good]]
        return result
