"""Web services: regions."""

from __future__ import annotations

import threading

import geopandas as gpd
import numpy as np
import shapely
from sqlalchemy.orm import Session

from petarawan.io.records import POINT_TOLERANCE_DEG
from petarawan.store import Workspace
from petarawan.store.revision import revisions


class RegionLookup:
    """Desa names and polygons, to name places and find the desa of a map click."""

    def __init__(self, desa: gpd.GeoDataFrame) -> None:
        desa = desa[desa.geometry.notna()] if len(desa) else desa
        self.codes = [str(c) for c in desa["code"]] if len(desa) else []
        self.names: dict[str, str] = (
            dict(zip(self.codes, desa["name"].astype(str), strict=True)) if len(desa) else {}
        )
        self.all_names: dict[str, str] = dict(self.names)
        """Names of every region (kecamatan, kabupaten too), for pages."""
        self._geoms = np.asarray(desa.geometry.to_numpy()) if len(desa) else np.array([])
        self._by_code = dict(zip(self.codes, self._geoms, strict=True))
        self._tree = shapely.STRtree(self._geoms) if len(self._geoms) else None

    @classmethod
    def from_workspace(cls, ws: Workspace) -> RegionLookup:
        """Load the desa polygons (and every region's name) of a workspace."""
        lookup = cls(ws.regions("desa"))
        regions = ws.regions()
        if len(regions):
            lookup.all_names = dict(
                zip(regions["code"].astype(str), regions["name"].astype(str), strict=True)
            )
        units = ws.units()
        if len(units):  # an operator's area may be a Polsek: name it too
            lookup.all_names.update(
                zip(units["code"].astype(str), units["name"].astype(str), strict=True)
            )
        return lookup

    def locate(self, lon: float, lat: float) -> str | None:
        """Return the code of the desa containing a point (None outside every desa)."""
        if self._tree is None:
            return None
        hits = self._tree.query(shapely.Point(lon, lat), predicate="intersects")
        return self.codes[int(hits[0])] if len(hits) else None

    def fits(self, code: str, lon: float, lat: float) -> bool:
        """Whether a point lies in (or within the tolerance of) desa ``code``'s polygon.

        A desa without a polygon in the workspace cannot be checked and is accepted.
        """
        geom = self._by_code.get(code)
        if geom is None:
            return True
        return bool(shapely.distance(geom, shapely.Point(lon, lat)) <= POINT_TOLERANCE_DEG)


class LiveRegions:
    """The workspace's :class:`RegionLookup`, reloaded when the registry revision moves.

    Every server worker holds one; the revision lives in the database, so a region import
    (by the CLI or another worker) is seen by all of them.
    """

    def __init__(self, ws: Workspace) -> None:
        self.ws = ws
        self._rev: int | None = None
        self._lookup: RegionLookup | None = None
        self._lock = threading.Lock()

    def current(self, session: Session | None = None) -> RegionLookup:
        """Return the lookup for the registry as it is now (read on ``session`` if given)."""
        rev = revisions(session.connection() if session is not None else self.ws.engine)["registry"]
        with self._lock:
            if self._lookup is None or rev != self._rev:
                self._lookup = RegionLookup.from_workspace(self.ws)
                self._rev = rev
            return self._lookup

    @property
    def names(self) -> dict[str, str]:
        """Desa names by code."""
        return self.current().names

    @property
    def all_names(self) -> dict[str, str]:
        """Names of every region and unit by code (for pages)."""
        return self.current().all_names

    def locate(self, lon: float, lat: float) -> str | None:
        """See :meth:`RegionLookup.locate`."""
        return self.current().locate(lon, lat)

    def fits(self, code: str, lon: float, lat: float) -> bool:
        """See :meth:`RegionLookup.fits`."""
        return self.current().fits(code, lon, lat)
