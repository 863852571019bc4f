"""Domain errors: one sentence about the data, naming file, sheet, row and column where known.

Pages and the command line catch `CsmError` only; anything else is a bug and stays loud.
"""
from __future__ import annotations


class CsmError(Exception):
    """Base class for every error that is about the user's data or options, not about our code."""


class InputError(CsmError):
    """A file, sheet, row or column that cannot be read or used."""

    def __init__(
        self,
        reason: str,
        *,
        source: str | None = None,
        sheet: str | None = None,
        row: int | None = None,
        column: str | None = None,
    ) -> None:
        self.reason = reason
        self.source = source
        self.sheet = sheet
        self.row = row
        self.column = column
        super().__init__(self.message)

    @property
    def message(self) -> str:
        where = []
        if self.source:
            where.append(self.source)
        if self.sheet:
            where.append(f"sheet {self.sheet!r}")
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column:
            where.append(f"column {self.column!r}")
        return f"{', '.join(where)}: {self.reason}" if where else self.reason


class MappingError(CsmError):
    """A mapping (kind or column assignment) that is missing, unknown or inconsistent."""


class OptionError(CsmError):
    """An option (period, variant, threshold) that is out of range."""
