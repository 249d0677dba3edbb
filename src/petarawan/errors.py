"""The one exception tree of petarawan.

::

    PetarawanError
    ├── InputDataError          bad files or records; carries Issue(file, row, column, message)
    ├── ConfigError             invalid framework / pattern / settings files
    ├── NotFoundError           a code, workspace or assessment that does not exist
    ├── PermissionDeniedError   a user acting outside their role or area
    ├── InfeasibleProblemError  a plan or location problem with no solution (with the numbers)
    └── SolverError             the MILP solver failed or stopped without a usable answer

The CLI exits with code 2 for ``InputDataError``, ``ConfigError``, ``NotFoundError`` and
``PermissionDeniedError`` and 1 for the others; the web app maps each type to an HTTP status.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

__all__ = [
    "ConfigError",
    "InfeasibleProblemError",
    "InputDataError",
    "Issue",
    "NoPersonnelError",
    "NotFoundError",
    "PermissionDeniedError",
    "PetarawanError",
    "SolverError",
    "UnreachableTpsError",
]


@dataclass(frozen=True)
class Issue:
    """One problem found in an input.

    Parameters
    ----------
    file
        File name as the user gave it (or a label such as ``"request"``).
    row
        Row as the user sees it (spreadsheet numbering, header = row 1); ``None`` for
        a whole-file problem.
    column
        Column (or field) name; ``None`` when the problem is not tied to a column.
    message
        What was seen and what was expected.
    severity
        ``"error"`` (blocks the import) or ``"warning"`` (reported, import goes on).
    """

    file: str
    row: int | None
    column: str | None
    message: str
    severity: str = "error"

    def __str__(self) -> str:
        where = [self.file]
        if self.row is not None:
            where.append(f"baris {self.row}")
        if self.column is not None:
            where.append(f'kolom "{self.column}"')
        return f"{', '.join(where)}: {self.message}"


MAX_LISTED_ISSUES = 200
"""Problems an :class:`InputDataError` lists; the rest are counted in one closing line."""


class PetarawanError(Exception):
    """Root of every error petarawan raises on purpose."""


class InputDataError(PetarawanError):
    """Input data is wrong; ``issues`` lists every problem found.

    Parameters
    ----------
    message
        Summary of the failure.
    issues
        Every problem found, so the user can fix them all at once.
    """

    def __init__(self, message: str, issues: Iterable[Issue] = ()) -> None:
        self.issues: list[Issue] = []
        left_off = 0
        for issue in issues:  # a crafted file can hold millions of problems: list the first
            if len(self.issues) < MAX_LISTED_ISSUES:
                self.issues.append(issue)
            else:
                left_off += 1
        if left_off:
            first = self.issues[0].file if self.issues else "input"
            self.issues.append(
                Issue(first, None, None, f"… dan {left_off} masalah lain (tidak dicantumkan)")
            )
        detail = "\n".join(f"  - {issue}" for issue in self.issues[:50])
        more = len(self.issues) - 50
        if more > 0:
            detail += f"\n  … dan {more} masalah lain"
        super().__init__(f"{message}\n{detail}" if detail else message)
        self.summary = message


class ConfigError(PetarawanError):
    """A configuration or methodology file is invalid."""

    def __init__(self, message: str, issues: Sequence[Issue] = ()) -> None:
        self.issues: list[Issue] = list(issues)
        detail = "\n".join(f"  - {issue}" for issue in self.issues)
        super().__init__(f"{message}\n{detail}" if detail else message)
        self.summary = message


class NotFoundError(PetarawanError):
    """Something asked for by name or code does not exist."""


class PermissionDeniedError(PetarawanError):
    """The current user may not do this."""


class InfeasibleProblemError(PetarawanError):
    """An optimisation problem has no solution; the message gives the numbers."""


class UnreachableTpsError(InfeasibleProblemError):
    """A *sangat rawan*/*khusus* TPS that no unit reaches within the travel-time limit."""


class NoPersonnelError(InfeasibleProblemError):
    """A stage of an operation has tasks but no personnel to staff them."""


class SolverError(PetarawanError):
    """The solver failed or stopped without a usable answer."""
