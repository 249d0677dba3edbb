"""One rule for a file's missing CRS, shared by the line and table readers."""

from __future__ import annotations

import geopandas as gpd
import pytest
import shapely

from petarawan.errors import InputDataError
from petarawan.io.crs import assume_crs


def _layer(x: float, y: float, crs: str | None = None) -> gpd.GeoSeries:
    return gpd.GeoSeries([shapely.Point(x, y), shapely.Point(x + 0.1, y + 0.1)], crs=crs)


def test_declared_crs_is_kept_without_note() -> None:
    layer, note = assume_crs(_layer(600_000, 8_960_000, "EPSG:32751"), "a.gpkg")
    assert layer.crs.to_epsg() == 32751 and note is None


def test_missing_crs_lonlat_is_assumed_with_a_note() -> None:
    layer, note = assume_crs(_layer(124.4, -9.4), "a.geojson")
    assert layer.crs.to_epsg() == 4326
    assert note is not None and "a.geojson" in note and "bujur/lintang" in note


def test_missing_crs_option_wins() -> None:
    layer, note = assume_crs(_layer(600_000, 8_960_000), "a.shp", "EPSG:32751")
    assert layer.crs.to_epsg() == 32751
    assert note is not None and "--crs" in note


def test_missing_crs_metres_is_refused_with_the_fix() -> None:
    with pytest.raises(InputDataError) as exc:
        assume_crs(_layer(600_000, 8_960_000), "a.shp")
    assert "tidak punya CRS" in str(exc.value)
    assert "--crs" in exc.value.issues[0].message


def test_lonlat_crs_with_metres_is_refused() -> None:
    with pytest.raises(InputDataError, match="tidak cocok"):
        assume_crs(_layer(600_000, 8_960_000, "EPSG:4326"), "a.geojson")
