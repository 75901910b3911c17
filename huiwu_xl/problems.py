"""Problems in what the user typed, reported in Chinese with sheet, row and column."""
from __future__ import annotations

from dataclasses import dataclass


def column_letter(index: int) -> str:
    """1 → A, 27 → AA."""
    letters = ""
    while index > 0:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def cell_position(address: str) -> tuple[int, int]:
    """"C4" → (3, 2), 0-based (row, column)."""
    letters = "".join(ch for ch in address if ch.isalpha()).upper()
    col = 0
    for ch in letters:
        col = col * 26 + ord(ch) - 64
    return int(address[len(letters):]) - 1, col - 1


@dataclass(frozen=True)
class Problem:
    sheet: str
    message: str
    row: int | None = None  # Excel row number, 1-based
    column: str | None = None  # header text
    column_index: int | None = None  # 1-based, for the column letter
    place: str = "工作表"  # or 模板, 文件: what `sheet` names

    def __str__(self) -> str:
        where = f"{self.place}“{self.sheet}”"
        if self.row is not None:
            where += f"第{self.row}行"
        if self.column:
            letter = f"（{column_letter(self.column_index)}列）" if self.column_index else ""
            where += f"“{self.column}”列{letter}"
        return f"{where}：{self.message}"


class InputError(Exception):
    """Raised with every problem found, so the user fixes them all in one pass."""

    def __init__(self, problems: list[Problem] | Problem):
        self.problems = [problems] if isinstance(problems, Problem) else list(problems)
        super().__init__(self.message)

    @property
    def message(self) -> str:
        lines = [str(p) for p in self.problems]
        head = f"发现 {len(lines)} 处问题，请修改后重新运行：" if len(lines) > 1 else "请修改后重新运行："
        shown = lines[:30]
        if len(lines) > 30:
            shown.append(f"……另有 {len(lines) - 30} 处问题未列出")
        return "\n".join([head, *(f"· {line}" for line in shown)])


def raise_if(problems: list[Problem]) -> None:
    if problems:
        raise InputError(problems)
