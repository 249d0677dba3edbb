"""Synthetic demo data: a deterministic invented regency written as ordinary input files."""

from petarawan.demo._pilkada import write_pilkada
from petarawan.demo.regency import RegencyFiles, generate_regency

__all__ = ["RegencyFiles", "generate_regency", "write_pilkada"]
