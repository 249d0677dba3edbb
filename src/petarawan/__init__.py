"""petarawan: decision support for the security of Indonesian regional elections (Pilkada)."""

from petarawan.errors import (
    ConfigError,
    InfeasibleProblemError,
    InputDataError,
    Issue,
    NotFoundError,
    PermissionDeniedError,
    PetarawanError,
    SolverError,
)

__version__ = "0.1.0"

__all__ = [
    "ConfigError",
    "InfeasibleProblemError",
    "InputDataError",
    "Issue",
    "NotFoundError",
    "PermissionDeniedError",
    "PetarawanError",
    "SolverError",
    "__version__",
]
