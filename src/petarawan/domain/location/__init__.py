"""Facility location on cost matrices: p-median, MCLP, LSCP and p-center, solved exactly."""

from petarawan.domain.location.common import LocationResult
from petarawan.domain.location.cover import lscp, mclp, p_center
from petarawan.domain.location.pmedian import p_median

__all__ = ["LocationResult", "lscp", "mclp", "p_center", "p_median"]
