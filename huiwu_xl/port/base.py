"""The workbook port: what a service needs from a workbook, whichever program holds it."""
from __future__ import annotations

from pathlib import Path
from typing import Protocol

from .layout import Sheet


class WorkbookPort(Protocol):
    name: str  # the workbook's file name

    def sheet_names(self) -> list[str]: ...

    def read_values(self, sheet: str) -> list[list] | None:
        """Every cell from A1 to the last used cell, merged areas filled; None if there is no such sheet."""

    def preload(self, sheets: list[str]) -> None:
        """A hint: these sheets are about to be read; an adapter may fetch them together."""

    def write_sheets(self, sheets: list[Sheet], export_as: str | None, out_dir: Path) -> Path | None:
        """Writes generated sheets (overwriting them); `export_as` also saves them as an .xlsx in out_dir."""

    def append_rows(self, sheet: str, rows: list[dict[str, object]]) -> list[int]:
        """Appends records below the last used row of an input sheet; returns their row numbers."""

    def fill_cells(self, sheet: str, cells: list[tuple[int, str, object]]) -> None:
        """Fills (row, header, value) cells of an input sheet; only cells that are empty."""

    def set_cells(self, sheet: str, cells: list[tuple[int, str, object]]) -> None:
        """Writes (row, header, value) cells even over what is there: only for changes staff accepted."""

    def write_cells(self, sheet: str, cells: dict[str, object]) -> None:
        """Writes single cells by address (the sign-in desk's result cells)."""

    def output_folder(self, default: Path) -> Path:
        """Where generated files go: the command line's --out, else `default`."""

    @property
    def folder(self) -> Path: ...

    def notify(self, message: str, title: str = "huiwu") -> None: ...

    def status(self, message: str) -> None: ...
