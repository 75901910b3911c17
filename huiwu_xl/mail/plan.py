"""Which messages to send: one per unit with an e-mail address, from plain data. Pure.

A message is identified by `key`: its addresses and its attachments' names. The subject and
the file contents are left out on purpose: a re-generated 会议通知.docx differs in every byte
(Word stores a timestamp) and a corrected subject must not make a second copy go out to units
that already have the first. A unit whose address changes gets a new key, so the new address
is sent to.
"""
from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..meeting import safe_filename
from .compose import attachment_name, split_addresses, valid_address

_FIELD = re.compile(r"\{([^{}\s]*)\}")
UNIT_FIELD = "单位"


@dataclass(frozen=True)
class Unit:
    name: str
    email_cell: str
    contact: str = ""
    row: int | None = None  # Excel row in 单位, for messages


@dataclass(frozen=True)
class Template:
    subject: str
    body: str


@dataclass(frozen=True)
class PlannedMessage:
    key: str
    unit: str
    to: tuple[str, ...]
    subject: str
    body: str
    attachments: tuple[Path, ...]
    problem: str = ""  # why it cannot be sent (no address); such messages are listed, never sent
    fingerprints: tuple[str, ...] = ()  # of the attachments, when known (mail.record)

    @property
    def attachment_names(self) -> list[str]:
        return [attachment_name(p.name) for p in self.attachments]


@dataclass
class PlanProblem:
    message: str
    unit: str = ""
    row: int | None = None
    column: str = ""


@dataclass
class Plan:
    messages: list[PlannedMessage] = field(default_factory=list)
    problems: list[PlanProblem] = field(default_factory=list)  # bad input: nothing may be sent


def parse_template(text: str) -> Template:
    """The template file: lines starting with # are notes; `主题：…` is the subject; the rest is the body."""
    subject, body = "", []
    for line in text.replace("\r\n", "\n").split("\n"):
        if line.startswith("#"):
            continue
        stripped = line.strip()
        if not subject and not any(body) and re.match(r"^(主题|Subject)\s*[:：]", stripped):
            subject = re.split(r"[:：]", stripped, maxsplit=1)[1].strip()
            continue
        body.append(line)
    while body and not body[0].strip():
        body.pop(0)
    return Template(subject, "\n".join(body).rstrip() + "\n")


def fill(template: str, fields: dict[str, str]) -> tuple[str, list[str]]:
    """`{名称}` → fields[名称]; `{{` and `}}` are literal braces. Returns (text, unknown names).

    Only plain lookups: no attribute access or format specs as str.format would allow.
    """
    unknown: list[str] = []

    def one(match: re.Match) -> str:
        name = match.group(1)
        if name in fields:
            return str(fields[name])
        unknown.append(name)
        return match.group(0)

    parts = template.split("{{")
    out = "{".join("}".join(_FIELD.sub(one, piece) for piece in part.split("}}")) for part in parts)
    return out, unknown


def message_key(addresses: list[str] | tuple[str, ...], attachment_names: list[str]) -> str:
    payload = json.dumps([sorted(a.lower() for a in addresses), sorted(attachment_names)], ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:16]


def attachment_patterns(setting: str) -> list[str]:
    """`会议通知.docx、{单位}参会名单.docx` → the two names (separators 、，,；; and new lines)."""
    return [p.strip() for p in re.split(r"[、，,；;\n]+", setting or "") if p.strip()]


def plan_messages(
    units: list[Unit],
    patterns: list[str],
    out_dir: Path,
    existing: set[str],
    template: Template,
    fields: dict[str, str],
) -> Plan:
    """One message per unit. `existing` holds the file names present in `out_dir`.

    Problems that make the whole batch wrong (a missing file, a malformed address, an unknown
    placeholder) are collected in `plan.problems`; a unit without any address only gets a
    message with `problem` set, since offices routinely reach some units on paper.
    """
    plan = Plan()
    missing: dict[str, list[str]] = {}  # pattern → the file names not found
    keys: set[str] = set()
    if not patterns:
        plan.problems.append(PlanProblem("未指定要发送的附件", column="附件"))
    for unit in units:
        unit_fields = {**fields, UNIT_FIELD: unit.name, "单位联系人": unit.contact, "收件人": unit.contact or unit.name}
        names = []
        for pattern in patterns:
            name, unknown = fill(pattern, {UNIT_FIELD: safe_filename(unit.name)})
            for u in unknown:
                plan.problems.append(PlanProblem(f"附件名称中的占位符“{{{u}}}”无法识别，只能用 {{单位}}", column="附件"))
            name = attachment_name(name)
            names.append(name)
            if name not in existing:
                missing.setdefault(pattern, []).append(name)
        addresses = split_addresses(unit.email_cell)
        bad = [a for a in addresses if not valid_address(a)]
        for a in bad:
            plan.problems.append(PlanProblem(f"邮箱“{a}”格式不正确", unit=unit.name, row=unit.row, column="邮箱"))
        unit_fields["附件清单"] = "\n".join(f"　　{i}. {n}" for i, n in enumerate(names, 1))
        subject, unknown_s = fill(template.subject, unit_fields)
        body, unknown_b = fill(template.body, unit_fields)
        for u in dict.fromkeys(unknown_s + unknown_b):
            plan.problems.append(PlanProblem(f"邮件模板中的占位符“{{{u}}}”无法识别（可用：{'、'.join(sorted(unit_fields))}）", column="邮件主题" if u in unknown_s else "邮件正文"))
        problem = "" if addresses else "单位表未填写邮箱，未发送"
        key = message_key(addresses or [f"单位:{unit.name}"], names)
        if key in keys:
            continue  # the same files to the same address once, even if the unit is listed twice
        keys.add(key)
        plan.messages.append(
            PlannedMessage(
                key=key,
                unit=unit.name,
                to=tuple(addresses),
                subject=subject,
                body=body,
                attachments=tuple(out_dir / n for n in names),
                problem=problem,
            )
        )
    for pattern, names in missing.items():
        names = list(dict.fromkeys(names))
        if len(names) == 1:
            plan.problems.append(PlanProblem(f"找不到附件“{names[0]}”（{out_dir}），请先生成该文件", column="附件"))
        else:
            examples = "、".join(f"“{n}”" for n in names[:3])
            plan.problems.append(PlanProblem(f"找不到附件“{pattern}”：{len(names)} 个单位的文件不存在，如{examples}（{out_dir}），请先生成这些文件", column="附件"))
    # An unknown placeholder is reported once, not once per unit.
    plan.problems = list({(p.message, p.unit, p.row, p.column): p for p in plan.problems}.values())
    return plan
