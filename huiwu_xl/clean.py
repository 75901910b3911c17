"""What users typed, made safe for the two places it must not break: file names and XML.

`path_name` is the one cleaner for every name that becomes part of a path (the meeting's output
folder, each unit's list, archives, .eml copies, attachment names looked up in the folder);
`xml_text` is the one cleaner for every text that goes into a .docx or other XML. Both are
idempotent, so a name cleaned twice (by the writer and again by whoever looks the file up) is
the same name.
"""
from __future__ import annotations

import hashlib
import re
from pathlib import Path

NAME_BYTES = 255  # one name: 255 bytes of UTF-8 on ext4/APFS (NTFS allows 255 UTF-16 units, never fewer)
WINDOWS_PATH = 259  # MAX_PATH is 260 UTF-16 units including the terminating NUL
SHORTEST = 24  # a name is never cut below this to fit a deep folder (the path then exceeds 260)

# Characters Windows forbids in names become their full-width look-alikes: readable, and usual in Chinese text.
_LOOKALIKES = str.maketrans('\\/:*?"<>|', "＼／：＊？＂＜＞｜")
# Line breaks and tabs (Alt+Enter in a cell) separate words: one space.
_BREAKS = re.compile("[\t\n\r\v\f\x85\u2028\u2029]+")
# Invisible characters with no place in a name: the other C0/C1 controls, DEL, the bidi marks,
# embeddings, overrides and isolates (U+202E shows "exe.txt" as "txt.exe"), lone surrogates
# (unencodable) and the non-characters.
_INVISIBLE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
                        "\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]")
_RESERVED = re.compile(r"(CON|PRN|AUX|NUL|CONIN\$|CONOUT\$|COM[0-9¹²³]|LPT[0-9¹²³])( *\.| *\Z)", re.IGNORECASE)
_SUFFIX = re.compile(r"\.[A-Za-z0-9]{1,8}\Z")


def path_name(text: object, *, folder: Path | str | None = None, reserve: int = 0, fallback: str = "未命名") -> str:
    """`text` as one file or folder name that every common file system accepts.

    Forbidden characters become full-width look-alikes, line breaks a space, invisible and
    control characters go, trailing dots and spaces go (Windows drops them), a Windows device
    name (CON, NUL.txt, COM1) gets a "_". A name too long for 255 bytes, or for a whole path of
    260 characters inside `folder` (leaving `reserve` characters for what goes inside it), is cut
    at a character boundary, keeps its extension and gets "~" and six characters of a hash of the
    whole name, so that two long names cut alike stay apart.
    """
    name = "" if text is None else str(text)
    name = _INVISIBLE.sub("", _BREAKS.sub(" ", name)).translate(_LOOKALIKES)
    name = re.sub(" {2,}", " ", name).strip(" .")
    if not name:
        name = fallback
    name = _RESERVED.sub(lambda m: m.group(1) + "_" + m.group(2), name, count=1) if _RESERVED.match(name) else name
    limit = None
    if folder is not None:
        limit = max(SHORTEST, WINDOWS_PATH - _utf16(str(folder)) - 1 - reserve)
    return _fit(name, limit)


def _utf16(text: str) -> int:
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def _fits(name: str, limit: int | None) -> bool:
    return len(name.encode("utf-8")) <= NAME_BYTES and (limit is None or _utf16(name) <= limit)


def _fit(name: str, limit: int | None) -> str:
    if _fits(name, limit):
        return name
    suffix_match = _SUFFIX.search(name)
    suffix = suffix_match.group(0) if suffix_match and suffix_match.start() > 0 else ""
    stem = name[: len(name) - len(suffix)]
    tag = "~" + hashlib.sha256(name.encode("utf-8")).hexdigest()[:6]
    room_bytes = NAME_BYTES - len((tag + suffix).encode("utf-8"))
    room_units = (limit if limit is not None else NAME_BYTES) - _utf16(tag + suffix)
    kept = []
    for ch in stem:
        room_bytes -= len(ch.encode("utf-8", "surrogatepass"))
        room_units -= 2 if ord(ch) > 0xFFFF else 1
        if room_bytes < 0 or room_units < 0:
            break
        kept.append(ch)
    return "".join(kept).rstrip(" .") + tag + suffix


def within(folder: Path, name: str) -> Path:
    """`folder / name` with the name cleaned for that folder (see path_name)."""
    return Path(folder) / path_name(name, folder=folder)


# XML 1.0 forbids C0 controls other than tab, LF and CR, lone surrogates and U+FFFE/U+FFFF; the C1
# controls are allowed but "discouraged" and Word shows them as boxes. Bidi embeddings, overrides
# and isolates go too: a name never needs them, and U+202E turns the rest of a line around.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\u202a-\u202e\u2066-\u2069"
                          "\ud800-\udfff\ufffe\uffff]")
_XML_BREAKS = re.compile("[\x85\u2028\u2029]")


def xml_text(value: object) -> str:
    """Text that may go into any XML element or attribute (escaping of <, & and quotes is the writer's)."""
    text = "" if value is None else str(value)
    return _XML_ILLEGAL.sub("", _XML_BREAKS.sub(" ", text))


def xml_clean(value):
    """`xml_text` applied to every string in nested dicts, lists and tuples (a template's context)."""
    if isinstance(value, str):
        return xml_text(value)
    if isinstance(value, dict):
        return {k: xml_clean(v) for k, v in value.items()}
    if isinstance(value, list):
        return [xml_clean(v) for v in value]
    if isinstance(value, tuple) and not hasattr(value, "_fields"):
        return tuple(xml_clean(v) for v in value)
    return value
