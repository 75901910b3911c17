"""A source-only VBA project (`vbaProject.bin`) per MS-OVBA, byte for byte reproducible.

MS-OVBA's write rules let a project omit compiled code: `_VBA_PROJECT` declares version 0xFFFF
with no performance cache and each module stream holds only its compressed source (offset 0),
so Office recompiles from source when the workbook opens. Nothing here is random: the project
id and the protection fields' seeds are fixed.
"""
from __future__ import annotations

import struct
from dataclasses import dataclass

from .cfb import write_cfb

CODE_PAGE = 1252
ENCODING = "cp1252"
PROJECT_ID = "{8C1F3A52-6E0B-4D7A-9B35-2F1C84E0A6D9}"  # fixed, any GUID will do
PROJECT_NAME = "VBAProject"
# MS-OVBA 2.3.4.1: Reserved1 0x61CC, Version 0xFFFF (no compiled code), Reserved2 0, Reserved3 3.
VBA_PROJECT_STREAM = bytes.fromhex("CC61FFFF000300")
WORKBOOK_BASE = "0{00020819-0000-0000-C000-000000000046}"
WORKSHEET_BASE = "0{00020820-0000-0000-C000-000000000046}"
STDOLE = (
    "stdole",
    "*\\G{00020430-0000-0000-C000-000000000046}#2.0#0#C:\\Windows\\System32\\stdole2.tlb#OLE Automation",
)

STANDARD, CLASS, DOCUMENT = "module", "class", "document"


@dataclass(frozen=True)
class Module:
    """One VBA module: its name and its full source (Attribute lines included), CRLF lines."""

    name: str
    kind: str
    source: str

    def encoded(self) -> bytes:
        return self.source.encode(ENCODING)  # ASCII in practice; raises on anything else


def _crlf(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.replace("\n", "\r\n")


def standard_module(name: str, body: str) -> Module:
    """A standard module (.bas) from its code; the VB_Name attribute is added."""
    body = _crlf(body)
    if not body.endswith("\r\n"):
        body += "\r\n"
    return Module(name, STANDARD, f'Attribute VB_Name = "{name}"\r\n' + body)


def module_from_bas(text: str) -> Module:
    """A standard module from an exported .bas file, named by its VB_Name attribute."""
    text = _crlf(text)
    return Module(_vb_name(text), STANDARD, text)


CLASS_BASE = "0{FCFB3D2A-A0FA-1068-A738-08002B3371B5}"


def module_from_cls(text: str) -> Module:
    """A class module from an exported .cls file, as Excel stores it inside a project.

    The export's `VERSION 1.0 CLASS` / `BEGIN ... END` header is not part of the stored
    source; the `Attribute VB_...` lines that follow it are. Excel adds three attributes an
    export lacks (compare the Dictionary module inside xlwings.xlam): VB_Base right after
    VB_Name, VB_TemplateDerived and VB_Customizable right after VB_Exposed. Without VB_Base a
    live Excel fails at the first `New` of the class ("Invalid procedure call or argument").
    """
    lines = _crlf(text).split("\r\n")
    if lines and lines[0].startswith("VERSION "):
        end = lines.index("END")
        lines = lines[end + 1 :]
    present = {line.split("=", 1)[0].strip() for line in lines if line.startswith("Attribute ")}
    out = []
    for line in lines:
        out.append(line)
        key = line.split("=", 1)[0].strip()
        if key == "Attribute VB_Name" and "Attribute VB_Base" not in present:
            out.append(f'Attribute VB_Base = "{CLASS_BASE}"')
        elif key == "Attribute VB_Exposed":
            out += [f"Attribute {a} = False" for a in ("VB_TemplateDerived", "VB_Customizable") if f"Attribute {a}" not in present]
    source = "\r\n".join(out)
    return Module(_vb_name(source), CLASS, source)


def document_module(name: str, base: str = WORKSHEET_BASE) -> Module:
    """The code-behind module of a sheet (or of the workbook, with WORKBOOK_BASE)."""
    attributes = [
        f'Attribute VB_Name = "{name}"',
        f'Attribute VB_Base = "{base}"',
        "Attribute VB_GlobalNameSpace = False",
        "Attribute VB_Creatable = False",
        "Attribute VB_PredeclaredId = True",
        "Attribute VB_Exposed = True",
        "Attribute VB_TemplateDerived = False",
        "Attribute VB_Customizable = True",
    ]
    return Module(name, DOCUMENT, "\r\n".join(attributes) + "\r\n")


def _vb_name(source: str) -> str:
    for line in source.split("\r\n"):
        if line.startswith("Attribute VB_Name"):
            return line.split("=", 1)[1].strip().strip('"')
    raise ValueError("module source has no Attribute VB_Name line")


# --- Compression (MS-OVBA 2.4.1) -------------------------------------------------------------

CHUNK = 4096


def _copy_token_help(distance: int) -> tuple[int, int]:
    """(bit count of the offset, maximum length) for a copy token `distance` into a chunk."""
    bit_count = max((distance - 1).bit_length(), 4)
    return bit_count, (0xFFFF >> bit_count) + 3


def _compress_chunk(data: bytes) -> bytes:
    out = bytearray()
    heads: dict[bytes, list[int]] = {}  # 3-byte prefix -> positions in the chunk, ascending
    pos, end = 0, len(data)
    while pos < end:
        flag_at = len(out)
        out.append(0)
        flags = 0
        for bit in range(8):
            if pos >= end:
                break
            bit_count, max_length = _copy_token_help(pos) if pos else (4, 0)
            best_length, best_at = 0, 0
            if pos and pos + 3 <= end:
                limit = min(max_length, end - pos)
                for candidate in reversed(heads.get(data[pos : pos + 3], ())):
                    length = 3
                    # Overlapping copies are allowed: the decompressor copies byte by byte.
                    while length < limit and data[candidate + length] == data[pos + length]:
                        length += 1
                    if length > best_length:
                        best_length, best_at = length, candidate
                        if length == limit:
                            break
            if best_length >= 3:
                token = ((pos - best_at - 1) << (16 - bit_count)) | (best_length - 3)
                out += struct.pack("<H", token)
                flags |= 1 << bit
                step = best_length
            else:
                out.append(data[pos])
                step = 1
            for i in range(pos, pos + step):
                heads.setdefault(data[i : i + 3], []).append(i)
            pos += step
        out[flag_at] = flags
    return bytes(out)


def compress(data: bytes) -> bytes:
    """A CompressedContainer holding `data`."""
    out = bytearray(b"\x01")
    for start in range(0, len(data), CHUNK):
        chunk = data[start : start + CHUNK]
        packed = _compress_chunk(chunk)
        if len(packed) <= CHUNK:
            out += struct.pack("<H", 0xB000 | (len(packed) + 2 - 3)) + packed
        elif len(chunk) == CHUNK:  # incompressible: a raw chunk, which always holds 4096 bytes
            out += struct.pack("<H", 0x3000 | (CHUNK + 2 - 3)) + chunk
        else:
            # A raw chunk is padded to 4096 bytes with zeros, which would come back as part of the
            # data (NULs at the end of a module's source). Text never gets here: it needs about
            # 3,600 bytes without a single repeated three-byte sequence.
            raise ValueError(f"the last {len(chunk)} bytes cannot be stored without padding (incompressible)")
    return bytes(out)


def decompress(container: bytes) -> bytes:
    """The data of a CompressedContainer (the inverse of `compress`)."""
    if not container or container[0] != 1:
        raise ValueError("not a compressed container")
    out = bytearray()
    pos = 1
    while pos < len(container):
        header = struct.unpack_from("<H", container, pos)[0]
        size = (header & 0x0FFF) + 3
        if (header >> 12) & 0x7 != 0b011:
            raise ValueError("bad chunk signature")
        body = container[pos + 2 : pos + size]
        pos += size
        start = len(out)
        if not header & 0x8000:
            out += body
            continue
        i = 0
        while i < len(body):
            flags = body[i]
            i += 1
            for bit in range(8):
                if i >= len(body):
                    break
                if flags & (1 << bit):
                    token = struct.unpack_from("<H", body, i)[0]
                    i += 2
                    bit_count, _ = _copy_token_help(len(out) - start)
                    length = (token & (0xFFFF >> bit_count)) + 3
                    offset = (token >> (16 - bit_count)) + 1
                    for _ in range(length):
                        out.append(out[-offset])
                else:
                    out.append(body[i])
                    i += 1
    return bytes(out)


# --- Protection fields (MS-OVBA 2.4.3 data encryption) -----------------------------------------


def encrypt(data: bytes, seed: int, project_id: str = PROJECT_ID, filler: bytes | None = None) -> str:
    """The hex text of a CMG/DPB/GC value.

    A fixed seed and fixed filler (the "ignored" bytes, zeros by default) keep it reproducible.
    """
    project_key = sum(project_id.encode("ascii")) & 0xFF
    version = 2
    out = bytearray([seed, seed ^ version, seed ^ project_key])
    unencrypted1, encrypted1, encrypted2 = project_key, out[2], out[1]
    ignored = bytes((seed & 6) // 2) if filler is None else filler
    for byte in ignored + struct.pack("<I", len(data)) + data:
        encrypted = byte ^ ((encrypted2 + unencrypted1) & 0xFF)
        out.append(encrypted)
        encrypted2, encrypted1, unencrypted1 = encrypted1, encrypted, byte
    return out.hex().upper()


def decrypt(text: str) -> bytes:
    data = bytes.fromhex(text)
    seed, version_enc, key_enc = data[0], data[1], data[2]
    if seed ^ version_enc != 2:
        raise ValueError("unknown encryption version")
    unencrypted1, encrypted1, encrypted2 = seed ^ key_enc, key_enc, version_enc
    plain = bytearray()
    for encrypted in data[3:]:
        byte = encrypted ^ ((encrypted2 + unencrypted1) & 0xFF)
        plain.append(byte)
        encrypted2, encrypted1, unencrypted1 = encrypted1, encrypted, byte
    plain = plain[(seed & 6) // 2 :]
    length = struct.unpack_from("<I", plain)[0]
    return bytes(plain[4 : 4 + length])


# --- Streams ------------------------------------------------------------------------------------


def _record(record_id: int, payload: bytes) -> bytes:
    return struct.pack("<HI", record_id, len(payload)) + payload


def _text_record(record_id: int, unicode_id: int, text: str) -> bytes:
    return _record(record_id, text.encode(ENCODING)) + _record(unicode_id, text.encode("utf-16-le"))


def dir_stream(modules: list[Module]) -> bytes:
    """The uncompressed `dir` stream (MS-OVBA 2.3.4.2)."""
    out = bytearray()
    out += _record(0x0001, struct.pack("<I", 3))  # SysKind: 64-bit Windows
    out += _record(0x0002, struct.pack("<I", 0x0409))  # LCID
    out += _record(0x0014, struct.pack("<I", 0x0409))  # LCID invoke
    out += _record(0x0003, struct.pack("<H", CODE_PAGE))
    out += _record(0x0004, PROJECT_NAME.encode(ENCODING))
    out += _text_record(0x0005, 0x0040, "")  # doc string
    out += _record(0x0006, b"") + _record(0x003D, b"")  # help file, twice (both MBCS)
    out += _record(0x0007, struct.pack("<I", 0))  # help context
    out += _record(0x0008, struct.pack("<I", 0))  # lib flags
    out += struct.pack("<HIIH", 0x0009, 4, 1, 0)  # version 1.0 (Reserved field is always 4)
    out += _text_record(0x000C, 0x003C, "")  # conditional compilation constants
    name, libid = STDOLE
    out += _text_record(0x0016, 0x003E, name)
    encoded = libid.encode(ENCODING)
    out += _record(0x000D, struct.pack("<I", len(encoded)) + encoded + struct.pack("<IH", 0, 0))
    out += _record(0x000F, struct.pack("<H", len(modules)))
    out += _record(0x0013, struct.pack("<H", 0xFFFF))  # project cookie
    for m in modules:
        out += _text_record(0x0019, 0x0047, m.name)
        out += _text_record(0x001A, 0x0032, m.name)  # stream name = module name
        out += _text_record(0x001C, 0x0048, "")  # doc string
        out += _record(0x0031, struct.pack("<I", 0))  # source starts at offset 0
        out += _record(0x001E, struct.pack("<I", 0))  # help context
        out += _record(0x002C, struct.pack("<H", 0xFFFF))  # module cookie
        out += _record(0x0021 if m.kind == STANDARD else 0x0022, b"")
        out += _record(0x002B, b"")  # terminator
    out += _record(0x0010, b"")
    return bytes(out)


def project_stream(modules: list[Module]) -> bytes:
    """The `PROJECT` stream (MS-OVBA 2.3.1): module list, name, protection, workspace."""
    lines = [f'ID="{PROJECT_ID}"']
    for m in modules:
        if m.kind == DOCUMENT:
            lines.append(f"Document={m.name}/&H00000000")
        elif m.kind == CLASS:
            lines.append(f"Class={m.name}")
        else:
            lines.append(f"Module={m.name}")
    lines += [
        f'Name="{PROJECT_NAME}"',
        'HelpContextID="0"',
        'VersionCompatible32="393222000"',
        f'CMG="{encrypt(bytes(4), seed=0x11)}"',  # not protected
        f'DPB="{encrypt(bytes(1), seed=0x13)}"',  # no password
        f'GC="{encrypt(bytes([0xFF]), seed=0x15)}"',  # visible
        "",
        "[Host Extender Info]",
        "&H00000001={3832D640-CF90-11CF-8E43-00A0C911005A};VBE;&H00000000",
        "",
        "[Workspace]",
    ]
    lines += [f"{m.name}=0, 0, 0, 0, C" for m in modules]
    return ("\r\n".join(lines) + "\r\n").encode(ENCODING)


def projectwm_stream(modules: list[Module]) -> bytes:
    out = bytearray()
    for m in modules:
        out += m.name.encode(ENCODING) + b"\0" + m.name.encode("utf-16-le") + b"\0\0"
    return bytes(out + b"\0\0")


def vba_project(modules: list[Module]) -> bytes:
    """The bytes of `vbaProject.bin` holding `modules` as source only."""
    names = [m.name for m in modules]
    if len(set(n.lower() for n in names)) != len(names):
        raise ValueError(f"duplicate module names: {names}")
    for m in modules:
        if not m.name.isascii() or not m.source.isascii():
            raise ValueError(f"VBA module {m.name!r} must be ASCII-only")
    for m in modules:  # what Office will decompress must be the source, byte for byte
        if decompress(compress(m.encoded())) != m.encoded():
            raise ValueError(f"VBA module {m.name!r} does not survive compression")
    vba = {
        "_VBA_PROJECT": VBA_PROJECT_STREAM,
        "dir": compress(dir_stream(modules)),
        **{m.name: compress(m.encoded()) for m in modules},
    }
    return write_cfb({"PROJECT": project_stream(modules), "PROJECTwm": projectwm_stream(modules), "VBA": vba})
