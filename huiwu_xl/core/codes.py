"""参会码: a code per roster person that cannot be guessed from the roster.

code = "HW" + the meeting's tag (4) + a MAC of the person's stable key (10), in Crockford's
base32 (no I, L, O, U: nothing to misread when typed by hand). Both parts are HMAC-SHA256 with a
secret the meeting gets once (会议信息 签到密钥), so a code from another meeting has another tag
and is recognised as such, and a made-up code matches nobody.
"""
from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import unicodedata

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
PREFIX = "HW"
TAG_LENGTH = 4
MAC_LENGTH = 10  # 50 bits: guessing one of 2,000 valid codes takes ~10¹² tries
LENGTH = len(PREFIX) + TAG_LENGTH + MAC_LENGTH
_TYPED = str.maketrans({"I": "1", "L": "1", "O": "0", "U": "V"})  # Crockford's reading of look-alikes
_SHAPE = re.compile(f"{PREFIX}[{ALPHABET}]{{{TAG_LENGTH + MAC_LENGTH}}}")
SECRET_PATTERN = re.compile(r"[0-9a-f]{32}")


def new_secret() -> str:
    return secrets.token_hex(16)


def _base32(digest: bytes, length: int) -> str:
    number = int.from_bytes(digest, "big")
    out = []
    for _ in range(length):
        number, rest = divmod(number, 32)
        out.append(ALPHABET[rest])
    return "".join(out)


def _mac(secret: str, message: str) -> bytes:
    return hmac.new(bytes.fromhex(secret), message.encode("utf-8"), hashlib.sha256).digest()


def meeting_tag(secret: str) -> str:
    return _base32(_mac(secret, "meeting"), TAG_LENGTH)


def code_for(secret: str, person_key: str) -> str:
    return PREFIX + meeting_tag(secret) + _base32(_mac(secret, "person:" + person_key), MAC_LENGTH)


def grouped(code: str) -> str:
    """For reading aloud and typing: HW3KX9 7QF2M 8ZD41."""
    return f"{code[:6]} {code[6:11]} {code[11:]}"


def normalise(text: str) -> str | None:
    """The code in `text` as typed or scanned (any case, spaces, hyphens, full-width), or None
    when `text` does not have a code's shape — it is then a name or pinyin."""
    cleaned = re.sub(r"[\s\-_]", "", unicodedata.normalize("NFKC", text or "")).upper()
    if len(cleaned) != LENGTH or not cleaned.startswith(PREFIX):
        return None
    cleaned = PREFIX + cleaned[len(PREFIX):].translate(_TYPED)
    return cleaned if _SHAPE.fullmatch(cleaned) else None


def of_this_meeting(secret: str, code: str) -> bool:
    return code[len(PREFIX):len(PREFIX) + TAG_LENGTH] == meeting_tag(secret)
