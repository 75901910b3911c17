"""会务意见反馈 summed up by question: how many were satisfied with each part of the service."""
from __future__ import annotations

import pandas as pd

from ..contract import FEEDBACK_QUESTIONS, FEEDBACK_SUGGESTIONS, RATINGS

QUESTION_COLUMNS = ["题目", "问题", *RATINGS, "未答", "作答", "满意率"]
SUGGESTION_COLUMNS = ["单位", "姓名", FEEDBACK_SUGGESTIONS]
SATISFIED = RATINGS[0]


def by_question(answers: pd.DataFrame) -> pd.DataFrame:
    """One row per question: the count of each rating, unanswered, answered, and 满意率 = 满意 / 作答."""
    rows = []
    for header, question in FEEDBACK_QUESTIONS:
        column = answers[header] if header in answers.columns else pd.Series(dtype=object)
        counts = {r: int((column == r).sum()) for r in RATINGS}
        answered = sum(counts.values())
        rate = counts[SATISFIED] / answered if answered else None
        rows.append({"题目": header, "问题": question, **counts, "未答": len(answers) - answered, "作答": answered,
                     "满意率": rate})
    return pd.DataFrame(rows, columns=QUESTION_COLUMNS)


def suggestions(answers: pd.DataFrame) -> pd.DataFrame:
    if FEEDBACK_SUGGESTIONS not in answers.columns or answers.empty:
        return pd.DataFrame(columns=SUGGESTION_COLUMNS)
    given = answers[answers[FEEDBACK_SUGGESTIONS].astype(str).str.strip() != ""]
    return given[SUGGESTION_COLUMNS].reset_index(drop=True)


def percent(rate) -> str:
    return "" if rate is None or rate != rate else f"{rate * 100:.1f}%"
