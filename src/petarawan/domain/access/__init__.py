"""Accessibility: walking speed, road graphs, cost-distance, fallbacks, coverage, border."""

from petarawan.domain.access.costdistance import TerrainTimes, pace_grid, terrain_travel_times
from petarawan.domain.access.coverage import border_distance_km, unit_areas
from petarawan.domain.access.crs import to_metres, utm_crs, utm_crs_for, utm_epsg
from petarawan.domain.access.network import (
    DEFAULT_SPEEDS_KMH,
    Attachment,
    RoadGraph,
    attach_points,
    build_road_graph,
    road_travel_times,
    shortest_times,
    slope_factor,
)
from petarawan.domain.access.tobler import FLAT_SPEED_KMH, tobler_pace_min_per_m, tobler_speed_kmh
from petarawan.domain.access.travel import (
    METHODS,
    TravelResult,
    great_circle_minutes,
    straight_travel_times,
    travel_times,
)

__all__ = [
    "DEFAULT_SPEEDS_KMH",
    "FLAT_SPEED_KMH",
    "METHODS",
    "Attachment",
    "RoadGraph",
    "TerrainTimes",
    "TravelResult",
    "attach_points",
    "border_distance_km",
    "build_road_graph",
    "great_circle_minutes",
    "pace_grid",
    "road_travel_times",
    "shortest_times",
    "slope_factor",
    "straight_travel_times",
    "terrain_travel_times",
    "to_metres",
    "tobler_pace_min_per_m",
    "tobler_speed_kmh",
    "travel_times",
    "unit_areas",
    "utm_crs",
    "utm_crs_for",
    "utm_epsg",
]
