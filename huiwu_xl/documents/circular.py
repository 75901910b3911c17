"""The attendance circular (会议考勤通报, domain.md §4.4) rendered from templates/会议考勤通报.docx.

The caller passes plain data (see `render_circular`); this module only adds the display strings the
template needs — joined name lists, （一）（二） numbering, fallbacks for missing optional keys —
so the wording itself stays in the template where staff can edit it.
"""
from __future__ import annotations

from pathlib import Path

from .gbt9704 import cn_number
from .render import render_docx

TEMPLATE = "会议考勤通报.docx"
# Order of the 通报's problem sections, with their default headings.
VIOLATION_KINDS = {
    "擅自代会": "擅自代会",
    "旷会": "无故缺席（旷会）",
    "迟到": "迟到",
    "早退": "早退",
    "迟到早退": "迟到早退",
}
TOTAL_KEYS = ("应到", "实到", "请假", "代会", "迟到", "早退", "擅自代会", "旷会")


def render_circular(context: dict, out_dir: Path, filename: str = "会议考勤通报.docx", templates_dir: Path | None = None) -> Path:
    """Write the circular; returns the path written (another name if the file is open in Word).

    context: {"meeting": {name, date_text, time_text, place, host, recipients, basis},
              "issued_text", "scope_text", "totals": {应到…旷会: int, 出席率: str},
              "leaves": [{name, unit, post, reason}], "substitutes": [{name, unit, post, substitute, reason}],
              "violations": [{kind, title, units: [{unit, people: [{name, post, detail}]}]}],
              "deadline_text"}
    """
    return render_docx(TEMPLATE, circular_context(context), out_dir, filename, templates_dir)


def circular_context(context: dict) -> dict:
    meeting = {k: _text(v) for k, v in (context.get("meeting") or {}).items()}
    for key in ("name", "date_text", "time_text", "place", "host", "recipients", "basis"):
        meeting.setdefault(key, "")
    totals = {k: context.get("totals", {}).get(k, 0) for k in TOTAL_KEYS}
    rate = _text(context.get("totals", {}).get("出席率", ""))
    totals["出席率"] = rate
    deadline = _text(context.get("deadline_text"))
    violations = _violations(context.get("violations") or [])
    excused = [_leave_item(p) for p in context.get("leaves") or []]
    excused += [_substitute_item(p) for p in context.get("substitutes") or []]
    return {
        **context,
        "meeting": meeting,
        "totals": totals,
        "issued_text": _text(context.get("issued_text")),
        "scope_text": _text(context.get("scope_text")) or "有关单位负责同志",
        "recipients_line": _recipients_line(meeting["recipients"]),
        "rate_text": f"，出席率{rate}" if rate else "",
        "excused_text": "；".join(excused),
        "violations": violations,
        "basis_text": meeting["basis"] or "会议纪律有关",
        "host_text": meeting["host"] or "会议主办单位",
        "deadline_phrase": f"于{deadline}前" if deadline else "在3个工作日内",
        "deadline_text": deadline,
    }


def _text(value) -> str:
    return "" if value is None else str(value).strip()


def _recipients_line(recipients: str) -> str:
    if not recipients:
        return ""
    return recipients.rstrip(":：") + "："


def _inner(text: str) -> str:
    """Parentheses inside parentheses become square brackets, as GB/T 15834 (标点符号用法) nests them: never "））"."""
    return text.replace("（", "［").replace("）", "］")


def _who(person: dict) -> str:
    """张三（旗发改委主任）: unit and post describe the person, as 通报 write them."""
    role = _inner(_text(person.get("unit")) + _text(person.get("post")))
    name = _text(person.get("name"))
    return f"{name}（{role}）" if role else name


def _because(reason: str) -> str:
    reason = _text(reason)
    if not reason:
        return ""
    return reason if reason.startswith("因") else "因" + reason


def _leave_item(person: dict) -> str:
    return f"{_who(person)}{_because(person.get('reason'))}请假"


def _substitute_item(person: dict) -> str:
    text = f"{_who(person)}{_because(person.get('reason'))}请假"
    substitute = _text(person.get("substitute"))
    return text + (f"，经批准由{substitute}代会" if substitute else "，经批准安排他人代会")


def _people_text(people: list[dict]) -> str:
    parts = []
    for person in people:
        notes = [_inner(n) for n in (_text(person.get("post")), _text(person.get("detail"))) if n]
        name = _text(person.get("name"))
        parts.append(f"{name}（{'，'.join(notes)}）" if notes else name)
    return "、".join(parts)


def _violations(groups: list[dict]) -> list[dict]:
    """Non-empty kinds in the 通报's order, numbered （一）（二）…, each unit's people joined."""
    by_kind: dict[str, dict] = {}
    for group in groups:
        units = [u for u in group.get("units") or [] if u.get("people")]
        if not units:
            continue
        kind = _text(group.get("kind"))
        entry = by_kind.setdefault(kind, {"kind": kind, "title": _text(group.get("title")) or VIOLATION_KINDS.get(kind, kind), "units": []})
        entry["units"].extend(units)
    order = list(VIOLATION_KINDS)
    kinds = sorted(by_kind, key=lambda k: order.index(k) if k in order else len(order))
    out = []
    for number, kind in enumerate(kinds, 1):
        entry = by_kind[kind]
        units = [
            {"unit": _text(u.get("unit")) or "其他", "people": u["people"], "people_text": _people_text(u["people"])}
            for u in entry["units"]
        ]
        out.append({**entry, "number": cn_number(number), "units": units, "count": sum(len(u["people"]) for u in units)})
    return out
