"""The workbook as a zip of parts: which part is which sheet, adding a sheet, dropping calcChain.

Only parts that change are parsed (with lxml, which keeps prefixes and mc:Ignorable intact);
every other part is carried over as its decompressed bytes (writeback.md, "A recipe").
"""
from __future__ import annotations

import posixpath
import struct
import zipfile
from pathlib import Path

from lxml import etree

from .styles import NS, Q

R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
WORKSHEET_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"
CALC_CHAIN_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/calcChain"
WORKSHEET_CT = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
VT_NS = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
EP_NS = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"
FORBIDDEN_IN_SHEET_NAMES = set('[]:*?/\\')


def _xml(data: bytes):
    return etree.fromstring(data, etree.XMLParser(huge_tree=True))


def _bytes(root) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def raw_entry(fh, info: zipfile.ZipInfo) -> bytes:
    """An entry's compressed bytes as they stand in the zip (after its local header)."""
    fh.seek(info.header_offset)
    header = fh.read(30)
    if header[:4] != b"PK\x03\x04":
        raise zipfile.BadZipFile(f"no local header for {info.filename}")
    name_length, extra_length = struct.unpack("<HH", header[26:30])
    fh.seek(info.header_offset + 30 + name_length + extra_length)
    return fh.read(info.compress_size)


class _Parts(dict):
    """The package's parts by name, each read (and inflated) only when asked for: a write-back
    touches a few parts of a workbook whose roster alone may be tens of megabytes."""

    def __init__(self, zf: zipfile.ZipFile, names: list[str]):
        super().__init__()
        self._zf, self._names = zf, set(names)

    def __missing__(self, name: str) -> bytes:
        if name not in self._names:
            raise KeyError(name)
        data = self._zf.read(name)
        self[name] = data
        return data

    def __contains__(self, name) -> bool:
        return name in self._names or super().__contains__(name)

    def __setitem__(self, name: str, data: bytes) -> None:
        self._names.add(name)
        super().__setitem__(name, data)

    def pop(self, name: str, default=None):
        self._names.discard(name)
        return super().pop(name, default)

    def names(self) -> set[str]:
        return set(self._names)


class Package:
    def __init__(self, source: Path | bytes):
        """`source`: the workbook's path, or the bytes of a package made in memory."""
        import io

        self.path = None if isinstance(source, bytes) else Path(source)
        self._source = io.BytesIO(source) if isinstance(source, bytes) else open(self.path, "rb")
        self._zip = zipfile.ZipFile(self._source)
        self.infos = self._zip.infolist()
        self.parts = _Parts(self._zip, [i.filename for i in self.infos if not i.is_dir()])
        self.changed: set[str] = set()
        self.removed: set[str] = set()
        self.added: list[str] = []
        self.workbook_part = self._workbook_part()
        self._load_sheets()

    # -- where things are ----------------------------------------------------------------------
    def _workbook_part(self) -> str:
        rels = _xml(self.parts["_rels/.rels"])
        for rel in rels:
            if rel.get("Type", "").endswith("/officeDocument"):
                return rel.get("Target").lstrip("/")
        return "xl/workbook.xml"

    def rels_part(self, part: str) -> str:
        folder, name = posixpath.split(part)
        return posixpath.join(folder, "_rels", name + ".rels")

    def _target(self, source_part: str, target: str) -> str:
        if target.startswith("/"):
            return target.lstrip("/")
        return posixpath.normpath(posixpath.join(posixpath.dirname(source_part), target))

    def _load_sheets(self) -> None:
        self.workbook = _xml(self.parts[self.workbook_part])
        self.workbook_rels = _xml(self.parts[self.rels_part(self.workbook_part)])
        targets = {rel.get("Id"): self._target(self.workbook_part, rel.get("Target")) for rel in self.workbook_rels}
        self.sheet_parts: dict[str, str] = {}
        sheets = self.workbook.find(f"{Q}sheets")
        for sheet in sheets if sheets is not None else []:
            rid = sheet.get(f"{{{R_NS}}}id")
            if rid in targets:
                self.sheet_parts[sheet.get("name")] = targets[rid]

    def sheet_part(self, name: str) -> str | None:
        return self.sheet_parts.get(name)

    def read(self, part: str) -> bytes:
        return self.parts[part]

    def write(self, part: str, data: bytes) -> None:
        if self.parts.get(part) != data:
            self.parts[part] = data
            if part not in self.added:
                self.changed.add(part)

    # -- adding a sheet (writeback.md recipe D) -------------------------------------------------
    def add_sheet(self, name: str) -> str:
        """Adds an empty worksheet named `name` after the last sheet; returns its part name."""
        if not name or len(name) > 31 or set(name) & FORBIDDEN_IN_SHEET_NAMES or name.startswith("'") or name.endswith("'"):
            raise ValueError(f"invalid sheet name: {name!r}")
        if any(existing.lower() == name.lower() for existing in self.sheet_parts):
            raise ValueError(f"sheet exists: {name!r}")
        taken = {p.lower() for p in self.parts.names()}
        k = 1
        while f"xl/worksheets/sheet{k}.xml" in taken:
            k += 1
        part = f"xl/worksheets/sheet{k}.xml"
        self.parts[part] = _bytes(_xml(
            f'<worksheet xmlns="{NS}" xmlns:r="{R_NS}"><dimension ref="A1"/><sheetViews><sheetView workbookViewId="0"/>'
            '</sheetViews><sheetFormatPr defaultRowHeight="15"/><sheetData/><pageMargins left="0.7" right="0.7" top="0.75" '
            'bottom="0.75" header="0.3" footer="0.3"/></worksheet>'.encode()))
        self.added.append(part)

        types = _xml(self.parts["[Content_Types].xml"])
        etree.SubElement(types, f"{{{CT_NS}}}Override", PartName="/" + part, ContentType=WORKSHEET_CT)
        self.write("[Content_Types].xml", _bytes(types))

        ids = [int(rel.get("Id")[3:]) for rel in self.workbook_rels if rel.get("Id", "").startswith("rId") and rel.get("Id")[3:].isdigit()]
        rid = f"rId{max(ids, default=0) + 1}"
        target = posixpath.relpath(part, posixpath.dirname(self.workbook_part))
        etree.SubElement(self.workbook_rels, f"{{{PKG_REL}}}Relationship", Id=rid, Type=WORKSHEET_REL, Target=target)
        self.write(self.rels_part(self.workbook_part), _bytes(self.workbook_rels))

        sheets = self.workbook.find(f"{Q}sheets")
        sheet_id = max((int(s.get("sheetId")) for s in sheets), default=0) + 1
        element = etree.SubElement(sheets, f"{Q}sheet", name=name, sheetId=str(sheet_id))
        element.set(f"{{{R_NS}}}id", rid)
        self.write(self.workbook_part, _bytes(self.workbook))
        self.sheet_parts[name] = part
        self._add_title(name)
        return part

    def _add_title(self, name: str) -> None:
        """docProps/app.xml: one more worksheet title, counts kept consistent (writeback.md rule 14)."""
        data = self.parts.get("docProps/app.xml")
        if data is None:
            return
        app = _xml(data)
        pairs = app.find(f"{{{EP_NS}}}HeadingPairs/{{{VT_NS}}}vector")
        titles = app.find(f"{{{EP_NS}}}TitlesOfParts/{{{VT_NS}}}vector")
        if pairs is None or titles is None:
            return
        variants = list(pairs)
        offset, found = 0, False
        for i in range(0, len(variants) - 1, 2):
            label = variants[i].findtext(f"{{{VT_NS}}}lpstr") or ""
            count_el = variants[i + 1].find(f"{{{VT_NS}}}i4")
            count = int(count_el.text) if count_el is not None else 0
            if label in ("Worksheets", "工作表") and count_el is not None:
                count_el.text = str(count + 1)
                title = etree.Element(f"{{{VT_NS}}}lpstr")
                title.text = name
                titles.insert(offset + count, title)
                found = True
                break
            offset += count
        if not found:
            return
        titles.set("size", str(len(titles)))
        self.write("docProps/app.xml", _bytes(app))

    # -- formulas we may have removed (writeback.md rule 9) ----------------------------------------
    def drop_calc_chain(self) -> None:
        rels = [r for r in self.workbook_rels if r.get("Type") == CALC_CHAIN_REL]
        if not rels:
            return
        for rel in rels:
            part = self._target(self.workbook_part, rel.get("Target"))
            self.parts.pop(part, None)
            self.removed.add(part)
            self.workbook_rels.remove(rel)
            types = _xml(self.parts["[Content_Types].xml"])
            for override in types.findall(f"{{{CT_NS}}}Override"):
                if override.get("PartName") == "/" + part:
                    types.remove(override)
            self.write("[Content_Types].xml", _bytes(types))
        self.write(self.rels_part(self.workbook_part), _bytes(self.workbook_rels))

    # -- writing -------------------------------------------------------------------------------
    def write_zip(self, fh) -> None:
        """Every source entry in source order with its own date; new parts at the end (no directory
        entries, no data descriptors: `fh` is a seekable file). An entry nobody changed is copied
        as its compressed bytes, never inflated and deflated again."""
        # Level 1: a third of the time of the default for a few per cent in size (any level is plain deflate).
        with zipfile.ZipFile(fh, "w", zipfile.ZIP_DEFLATED, allowZip64=False, compresslevel=1) as out:
            for info in self.infos:
                if info.is_dir() or info.filename in self.removed:
                    continue
                if info.filename in self.changed:
                    entry = zipfile.ZipInfo(info.filename, date_time=info.date_time)
                    entry.compress_type = zipfile.ZIP_DEFLATED if info.compress_type != zipfile.ZIP_STORED else zipfile.ZIP_STORED
                    entry.external_attr = info.external_attr
                    out.writestr(_fast(entry), self.parts[info.filename])
                else:
                    _copy_raw(out, self._source, info)
            for part in self.added:
                entry = zipfile.ZipInfo(part, date_time=(1980, 1, 1, 0, 0, 0))
                entry.compress_type = zipfile.ZIP_DEFLATED
                out.writestr(_fast(entry), self.parts[part])

    def raw(self, info: zipfile.ZipInfo) -> bytes:
        return raw_entry(self._source, info)

    def close(self) -> None:
        self._zip.close()
        self._source.close()


def _fast(entry: zipfile.ZipInfo) -> zipfile.ZipInfo:
    """Level 1 for an entry given as a ZipInfo: writestr applies the archive's compresslevel only
    to entries it names itself, and the default level took 1.5 s for a 100,000-row meeting."""
    if hasattr(zipfile.ZipInfo, "compress_level"):  # Python 3.13 and later
        entry.compress_level = 1
    else:
        entry._compresslevel = 1
    return entry


def _copy_raw(out: zipfile.ZipFile, source, info: zipfile.ZipInfo) -> None:
    """Appends `info`'s entry to `out` as its compressed bytes. CPython's ZipFile has no public
    way to add a compressed entry; this does what its writestr does around the compressor (local
    header, data, the central directory's record)."""
    raw = raw_entry(source, info)
    entry = zipfile.ZipInfo(info.filename, date_time=info.date_time)
    entry.compress_type = info.compress_type
    entry.external_attr = info.external_attr
    entry.flag_bits = info.flag_bits & ~0x08  # sizes and CRC go in the local header: no data descriptor
    entry.CRC, entry.compress_size, entry.file_size = info.CRC, info.compress_size, info.file_size
    entry.header_offset = out.fp.tell()
    out.fp.write(entry.FileHeader(zip64=False))
    out.fp.write(raw)
    out.filelist.append(entry)
    out.NameToInfo[entry.filename] = entry
    out.start_dir = out.fp.tell()
    out._didModify = True
