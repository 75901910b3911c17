"""Which roster person a sign-in or leave row means: by name key, then 单位 — never guessed."""
from __future__ import annotations

import numpy as np
import pandas as pd

NOT_FOUND = "名单中无此人"
AMBIGUOUS = "名单中有同名人员，请填写单位以区分"


def match_people(roster: pd.DataFrame, keys: pd.Series, units: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Roster positions (-1 where none) for (name key, unit key) pairs, and why a row did not match.

    `roster` carries `_key` and `_unit` (see tables.with_keys). A name that appears once in the
    roster matches whatever unit was typed; a shared name needs the unit to single one person out.
    """
    index = pd.Index(keys.astype(object))
    counts = roster["_key"].value_counts()
    n = index.map(counts).fillna(0).to_numpy(dtype=int) if len(index) else np.zeros(0, dtype=int)

    unique_keys = counts.index[counts.eq(1)]
    single = roster.loc[roster["_key"].isin(unique_keys)]
    by_key = pd.Index(single["_key"].astype(object)).get_indexer(index) if len(index) else np.zeros(0, dtype=int)
    positions = np.where(by_key >= 0, single.index.to_numpy()[by_key] if len(single) else -1, -1)

    shared = roster.loc[~roster["_key"].isin(unique_keys)]
    pair = shared["_key"].astype(str) + "\u0001" + shared["_unit"].astype(str)
    pair_counts = pair.value_counts()
    clean = pair[pair.map(pair_counts).eq(1)]
    wanted = pd.Index((keys.astype(str) + "\u0001" + units.astype(str)).astype(object))
    by_pair = pd.Index(clean.astype(object)).get_indexer(wanted) if len(wanted) else np.zeros(0, dtype=int)
    pair_positions = np.where(by_pair >= 0, clean.index.to_numpy()[by_pair] if len(clean) else -1, -1)
    positions = np.where((n > 1) & (positions < 0), pair_positions, positions)

    reasons = np.where(n == 0, NOT_FOUND, np.where(positions < 0, AMBIGUOUS, ""))
    return pd.Series(positions, index=keys.index), pd.Series(reasons, index=keys.index, dtype=object)


def match_one(roster: pd.DataFrame, key: str, unit: str = "") -> tuple[int, str]:
    """The same rule for one name (the sign-in desk)."""
    pos, why = match_people(roster, pd.Series([key], dtype=object), pd.Series([unit], dtype=object))
    return int(pos.iat[0]), str(why.iat[0])
