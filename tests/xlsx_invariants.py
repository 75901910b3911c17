"""What Excel requires of a workbook package and validators do not check (writeback.md, "How to
check without Excel", point 1). `problems(path)` lists every breach; an empty list is a pass."""
from __future__ import annotations

import posixpath
import re
import zipfile
from pathlib import Path

from lxml import etree

from huiwu_xl.port.writeback.sheet import ORDER, column_index

NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
Q = f"{{{NS}}}"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
CT = "{http://schemas.openxmlformats.org/package/2006/content-types}"
VT = "{http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes}"
EP = "{http://schemas.openxmlformats.org/officeDocument/2006/extended-properties}"
REF = re.compile(r"^([A-Z]{1,3})(\d+)$")
ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _rels_of(part: str) -> str:
    folder, name = posixpath.split(part)
    return posixpath.join(folder, "_rels", name + ".rels")


def problems(path: Path) -> list[str]:
    found: list[str] = []
    with zipfile.ZipFile(path) as zf:
        infos = zf.infolist()
        names = [i.filename for i in infos]
        found += [f"directory entry {n}" for n in names if n.endswith("/")]
        found += [f"duplicate entry {n}" for n in set(names) if names.count(n) > 1]
        found += [f"data descriptor on {i.filename}" for i in infos if i.flag_bits & 0x08]
        found += [f"zip64 extra on {i.filename}" for i in infos if any(
            int.from_bytes(i.extra[k:k + 2], "little") == 1 for k in range(0, len(i.extra) - 3, 4)) and i.file_size < 2**31]
        parts = {n: zf.read(n) for n in names if not n.endswith("/")}

    types = etree.fromstring(parts["[Content_Types].xml"])
    overrides = {o.get("PartName").lstrip("/") for o in types.iter(f"{CT}Override")}
    defaults = {d.get("Extension").lower() for d in types.iter(f"{CT}Default")}
    for name in parts:
        if name != "[Content_Types].xml" and name not in overrides and name.rsplit(".", 1)[-1].lower() not in defaults:
            found.append(f"no content type for {name}")
    found += [f"override for missing part {o}" for o in overrides if o not in parts]

    for name, data in parts.items():
        if name.endswith(".rels"):
            rels = etree.fromstring(data)
            source = name.replace("_rels/", "").removesuffix(".rels")
            for rel in rels:
                if rel.get("TargetMode") == "External":
                    continue
                target = rel.get("Target")
                full = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(posixpath.dirname(source), target))
                if full not in parts:
                    found.append(f"{name}: {rel.get('Id')} → missing {full}")

    styles = etree.fromstring(parts["xl/styles.xml"])
    xf_count = len(styles.find(f"{Q}cellXfs"))
    shared = etree.fromstring(parts["xl/sharedStrings.xml"]) if "xl/sharedStrings.xml" in parts else None
    sst = len(shared) if shared is not None else 0
    workbook = etree.fromstring(parts["xl/workbook.xml"])
    sheets = workbook.find(f"{Q}sheets")
    lowered = [s.get("name").lower() for s in sheets]
    found += [f"duplicate sheet name {n}" for n in set(lowered) if lowered.count(n) > 1]
    ids = [s.get("sheetId") for s in sheets]
    found += [f"duplicate sheetId {i}" for i in set(ids) if ids.count(i) > 1]
    formula_cells: dict[str, set[str]] = {}
    wb_rels = etree.fromstring(parts["xl/_rels/workbook.xml.rels"])
    targets = {r.get("Id"): r.get("Target").lstrip("/") if r.get("Target").startswith("/")
               else posixpath.normpath(posixpath.join("xl", r.get("Target"))) for r in wb_rels}
    for sheet in sheets:
        part = targets.get(sheet.get(f"{{{R_NS}}}id"))
        if part not in parts:
            found.append(f"sheet {sheet.get('name')} has no part")
            continue
        found += [f"{part}: {p}" for p in _sheet_problems(parts[part], xf_count, sst)]
        root = etree.fromstring(parts[part])
        formula_cells[sheet.get("sheetId")] = {c.get("r") for c in root.iter(f"{Q}c") if c.find(f"{Q}f") is not None}
        for rid in root.xpath("//@r:id", namespaces={"r": R_NS}):
            rels = etree.fromstring(parts.get(_rels_of(part), b"<Relationships/>"))
            if rid not in {r.get("Id") for r in rels}:
                found.append(f"{part}: r:id {rid} unresolved")
    if "xl/calcChain.xml" in parts:
        for c in etree.fromstring(parts["xl/calcChain.xml"]):
            if c.get("r") not in formula_cells.get(c.get("i"), set()):
                found.append(f"calcChain lists {c.get('i')}!{c.get('r')}, which holds no formula")

    if "docProps/app.xml" in parts:
        app = etree.fromstring(parts["docProps/app.xml"])
        for vector in app.iter(f"{VT}vector"):
            if int(vector.get("size")) != len(vector):
                found.append("app.xml vector size differs from its children")
        pairs = app.find(f"{EP}HeadingPairs/{VT}vector")
        titles = app.find(f"{EP}TitlesOfParts/{VT}vector")
        if pairs is not None and titles is not None:
            counts = [int(v.find(f"{VT}i4").text) for v in list(pairs)[1::2]]
            if sum(counts) != len(titles):
                found.append("app.xml HeadingPairs counts differ from TitlesOfParts")
    return found


def _sheet_problems(data: bytes, xf_count: int, sst: int) -> list[str]:
    out: list[str] = []
    root = etree.fromstring(data)
    declared = set(root.nsmap)
    ignorable = root.get(f"{{{MC}}}Ignorable")
    if ignorable:
        out += [f"mc:Ignorable names undeclared {p}" for p in ignorable.split() if p not in declared]
    ranks = [ORDER.index(etree.QName(child).localname) for child in root if etree.QName(child).localname in ORDER]
    if ranks != sorted(ranks):
        out.append("children of <worksheet> out of order")
    singles = [etree.QName(c).localname for c in root if etree.QName(c).localname not in ("cols", "conditionalFormatting")]
    out += [f"<{n}> more than once" for n in set(singles) if singles.count(n) > 1]
    last_row = 0
    for row in root.iter(f"{Q}row"):
        r = int(row.get("r"))
        if r <= last_row or r > 1_048_576:
            out.append(f"row {r} not ascending or out of range")
        last_row = r
        last_col = -1
        for c in row.iter(f"{Q}c"):
            match = REF.match(c.get("r") or "")
            if not match or int(match[2]) != r:
                out.append(f"cell {c.get('r')} not in row {r}")
                continue
            col = column_index(match[1])
            if col <= last_col or col > 16383:
                out.append(f"cell {c.get('r')} not ascending")
            last_col = col
            s = int(c.get("s", 0))
            if s >= xf_count:
                out.append(f"cell {c.get('r')} style {s} ≥ {xf_count}")
            out += [f"cell {c.get('r')}: {p}" for p in _cell_problems(c, sst)]
    merges = [m.get("ref") for m in root.iter(f"{Q}mergeCell")]
    boxes = []
    for ref in merges:
        a, b = ref.split(":")
        ma, mb = REF.match(a), REF.match(b)
        boxes.append((int(ma[2]), column_index(ma[1]), int(mb[2]), column_index(mb[1])))
    for i, x in enumerate(boxes):
        for y in boxes[i + 1:]:
            if x[0] <= y[2] and y[0] <= x[2] and x[1] <= y[3] and y[1] <= x[3]:
                out.append(f"merged cells overlap: {x} {y}")
    return out


def _cell_problems(c, sst: int) -> list[str]:
    kind = c.get("t", "n")
    children = [etree.QName(x).localname for x in c]
    if [x for x in children if x not in ("f", "v", "is", "extLst")]:
        return ["unknown child"]
    order = [x for x in children if x in ("f", "v", "is", "extLst")]
    if order != sorted(order, key=["f", "v", "is", "extLst"].index):
        return ["children out of order"]
    v = c.findtext(f"{Q}v")
    if kind == "inlineStr":
        if "v" in children or "is" not in children:
            return ["inline string without <is> or with <v>"]
        text = "".join(c.find(f"{Q}is").itertext())
        if len(text.encode("utf-16-le")) // 2 > 32767:
            return ["text longer than 32,767"]
        if ILLEGAL.search(text):
            return ["XML-illegal character"]
    elif kind == "s":
        if v is None or not v.isdigit() or int(v) >= sst:
            return [f"shared string index {v} out of range"]
    elif kind == "b":
        if v not in ("0", "1"):
            return [f"boolean {v}"]
    elif kind == "n":
        if "is" in children:
            return ["number cell with <is>"]
        if v is not None:
            try:
                float(v)
            except ValueError:
                return [f"number {v!r}"]
    return []
