"""A .docx written as strings and zipped directly: the fastest way to make many pages.

documents.md measured 33 ms for 1,000 one-page plates this way, against 0.68 s with python-docx.
Callers pass the body XML (paragraphs, tables); this module adds the package parts a complete
Word document has — styles, settings, font table and theme (Word and openxml-audit expect all
four; the theme is python-docx's default one).
"""
from __future__ import annotations

import functools
import io
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

from ..clean import xml_text
from ..outputs import write_unlocked

NAMESPACES = (
    'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"'
)
TWIPS_PER_MM = 1440 / 25.4
EMU_PER_PT = 12700

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    '<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>'
    '<Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/>'
    '<Override PartName="/word/fontTable.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.fontTable+xml"/>'
    '<Override PartName="/word/theme/theme1.xml" ContentType="application/vnd.openxmlformats-officedocument.theme+xml"/>'
    '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
    "</Types>"
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>'
    "</Relationships>"
)
_DOC_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings" Target="settings.xml"/>'
    '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/fontTable" Target="fontTable.xml"/>'
    '<Relationship Id="rId4" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/theme" Target="theme/theme1.xml"/>'
    "</Relationships>"
)
_SETTINGS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<w:settings xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    '<w:zoom w:percent="100"/><w:defaultTabStop w:val="420"/>'
    '<w:characterSpacingControl w:val="compressPunctuation"/>'
    '<w:compat><w:useFELayout/>'
    '<w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat>'
    '<w:themeFontLang w:val="en-US" w:eastAsia="zh-CN"/>'
    '<w:decimalSymbol w:val="."/><w:listSeparator w:val=","/>'
    "</w:settings>"
)


def _font_table(fonts: list[str]) -> str:
    entries = "".join(
        f'<w:font w:name="{escape(f, {chr(34): "&quot;"})}"><w:charset w:val="86"/><w:family w:val="auto"/><w:pitch w:val="variable"/></w:font>'
        for f in dict.fromkeys(fonts)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<w:fonts xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">{entries}</w:fonts>'
    )


@functools.lru_cache(maxsize=1)
def _theme() -> bytes:
    """The Office theme python-docx ships in its default template."""
    import docx

    template = Path(docx.__file__).parent / "templates" / "default.docx"
    with zipfile.ZipFile(template) as z:
        return z.read("word/theme/theme1.xml")


def _styles(font: str) -> str:
    f = escape(font, {'"': "&quot;"})  # cleaned by docx_bytes
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<w:styles {NAMESPACES}><w:docDefaults><w:rPrDefault><w:rPr>'
        f'<w:rFonts w:ascii="{f}" w:hAnsi="{f}" w:eastAsia="{f}" w:cs="{f}"/>'
        '<w:sz w:val="21"/><w:szCs w:val="21"/><w:lang w:val="en-US" w:eastAsia="zh-CN"/></w:rPr></w:rPrDefault>'
        '<w:pPrDefault><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr></w:pPrDefault>'
        '</w:docDefaults><w:style w:type="paragraph" w:default="1" w:styleId="a"><w:name w:val="Normal"/></w:style>'
        "</w:styles>"
    )


def _core(title: str) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/">'
        f"<dc:title>{text(title)}</dc:title><dc:creator>huiwu</dc:creator></cp:coreProperties>"
    )


def section(width_mm: float, height_mm: float, margin_mm: float) -> str:
    w, h, m = (round(v * TWIPS_PER_MM) for v in (width_mm, height_mm, margin_mm))
    orient = ' w:orient="landscape"' if width_mm > height_mm else ""
    return (
        f'<w:sectPr><w:pgSz w:w="{w}" w:h="{h}"{orient}/>'
        f'<w:pgMar w:top="{m}" w:right="{m}" w:bottom="{m}" w:left="{m}" w:header="0" w:footer="0" w:gutter="0"/></w:sectPr>'
    )


def docx_bytes(body: str, sect: str, font: str, title: str = "", fonts: tuple[str, ...] = ()) -> bytes:
    font, fonts = xml_text(font), tuple(xml_text(f) for f in fonts)  # names typed in 会议信息 go into attributes
    document = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {NAMESPACES}><w:body>{body}{sect}</w:body></w:document>'
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        z.writestr("[Content_Types].xml", _CONTENT_TYPES)
        z.writestr("_rels/.rels", _RELS)
        z.writestr("docProps/core.xml", _core(title))
        z.writestr("word/_rels/document.xml.rels", _DOC_RELS)
        z.writestr("word/styles.xml", _styles(font))
        z.writestr("word/settings.xml", _SETTINGS)
        z.writestr("word/fontTable.xml", _font_table([font, *fonts]))
        z.writestr("word/theme/theme1.xml", _theme())
        z.writestr("word/document.xml", document)
    return buffer.getvalue()


def write_docx(target: Path, body: str, sect: str, font: str, title: str = "") -> Path:
    """Writes the document; a target open in Word gets the next free name (outputs.write_unlocked)."""
    return write_unlocked(Path(target), docx_bytes(body, sect, font, title))


def text(value: str) -> str:
    """Element text: fit for XML (clean.xml_text), then escaped."""
    return escape(xml_text(value))
