"""Which roster person a sign-in or leave row means: by name key, then 单位 — never guessed."""
from __future__ import annotations

NOT_FOUND = "名单中无此人"
AMBIGUOUS = "名单中有同名人员，请填写单位以区分"


class RosterIndex:
    """Roster positions by name key, and by (name key, unit key) for namesakes."""

    def __init__(self, roster: "pd.DataFrame"):
        self._build(roster["_key"].tolist(), roster["_unit"].tolist())

    @classmethod
    def from_keys(cls, keys: list[str], units: list[str]) -> "RosterIndex":
        index = cls.__new__(cls)
        index._build(keys, units)
        return index

    def _build(self, keys: list[str], units: list[str]) -> None:
        self.first: dict[str, int] = {}
        self.by_key: dict[str, list[int]] = {}  # only names held by several people
        for pos, key in enumerate(keys):
            if key in self.first:
                self.by_key.setdefault(key, [self.first[key]]).append(pos)
            else:
                self.first[key] = pos
        self.by_pair: dict[tuple[str, str], list[int]] = {}
        for key, positions in self.by_key.items():
            for pos in positions:
                self.by_pair.setdefault((key, units[pos]), []).append(pos)

    def find(self, key: str, unit: str = "") -> tuple[int, str]:
        """(position, "") or (-1, why). A name held once matches whatever unit was typed."""
        if key not in self.by_key:
            pos = self.first.get(key)
            return (-1, NOT_FOUND) if pos is None else (pos, "")
        narrowed = self.by_pair.get((key, unit), [])
        return (narrowed[0], "") if len(narrowed) == 1 else (-1, AMBIGUOUS)


def match_people(roster: pd.DataFrame | RosterIndex, keys: pd.Series, units: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Roster positions (-1 where none) for (name key, unit key) pairs, and why a row did not match.

    `roster` carries `_key` and `_unit` (see tables.with_keys), positions are 0-based rows of it.
    """
    import pandas as pd

    index = roster if isinstance(roster, RosterIndex) else RosterIndex(roster)
    found = [index.find(k, u) for k, u in zip(keys.tolist(), units.tolist())]
    positions = pd.Series([f[0] for f in found], index=keys.index, dtype="int64")
    reasons = pd.Series([f[1] for f in found], index=keys.index, dtype=object)
    return positions, reasons


def match_one(roster: pd.DataFrame, key: str, unit: str = "") -> tuple[int, str]:
    """The same rule for one name (the sign-in desk)."""
    return RosterIndex(roster).find(key, unit)
