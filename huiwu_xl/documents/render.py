"""Render docxtpl templates into the output folder; convert to PDF with LibreOffice (tests, benchmarks).

Templates are .docx files in `templates/` that staff may edit in Word; the Jinja tags in them are
docxtpl's (`{{ x }}`, `{%p for … %}`, `{%tr for … %}`). A target that is open in Word (locked) never
costs the output: the file is written under the next free name, `名称(2).docx`, `名称(3).docx`, ….
"""
from __future__ import annotations

import atexit
import io
import os
import shutil
import subprocess
import tempfile
import threading
from pathlib import Path

from ..clean import xml_clean
from ..outputs import write_unlocked
from ..problems import InputError, Problem


def bundled_templates() -> Path:
    """templates/ of a source checkout, else the copy an installed wheel carries in the package."""
    source = Path(__file__).resolve().parents[2] / "templates"
    return source if (source / "会议通知.docx").is_file() else Path(__file__).resolve().parents[1] / "templates"


TEMPLATES_DIR = bundled_templates()
USER_TEMPLATES = "模板"  # a folder beside the workbook where staff keep the templates they edited


def template_path(template_name: str, templates_dir: Path | None = None) -> Path:
    """The office's own copy in `templates_dir` when it has one, else the bundled template."""
    for folder in (templates_dir, TEMPLATES_DIR):
        if folder is not None and (Path(folder) / template_name).is_file():
            return Path(folder) / template_name
    raise FileNotFoundError(f"找不到模板文件：{Path(templates_dir or TEMPLATES_DIR) / template_name}")


def render_docx(
    template_name: str,
    context: dict,
    out_dir: Path,
    filename: str,
    templates_dir: Path | None = None,
    finish=None,
) -> Path:
    """Render `templates/<template_name>` with `context`; returns the path actually written.
    `finish(document)`, if given, edits the filled document before it is saved."""
    import jinja2

    from .linebreak import keep_together
    from .signature import place_signature
    from .template import Template
    from .titles import break_titles

    path = template_path(template_name, templates_dir)
    template = Template(str(path))
    try:
        template.render(xml_clean(context), autoescape=True)
    except jinja2.TemplateError as exc:  # a tag broken while editing the template in Word
        reason = getattr(exc, "message", None) or str(exc)
        raise InputError(Problem(str(path), f"模板中的填写标记有误（{reason}）：请检查 {{{{ }}}} 和 {{% %}} "
                                 "是否成对、完整，或删除该模板以恢复内置模板", place="模板")) from None
    break_titles(template.docx)
    place_signature(template.docx)
    if finish is not None:
        finish(template.docx)
    keep_together(template.docx)
    tidy_package(template.docx)
    buffer = io.BytesIO()
    template.save(buffer)
    return write_unlocked(Path(out_dir) / filename, buffer.getvalue())


def save_document(doc, out_dir: Path, filename: str) -> Path:
    """Save a python-docx Document like render_docx saves a template (locked target → new name)."""
    tidy_package(doc)
    buffer = io.BytesIO()
    doc.save(buffer)
    return write_unlocked(Path(out_dir) / filename, buffer.getvalue())


STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"


def tidy_package(document) -> None:
    """Drops python-docx's Word 2010 `stylesWithEffects` part: a stale copy of styles.xml without
    our styles, which Word may report as unreadable content (openxml-audit flags it). Word itself
    stopped writing the part after 2010 and rebuilds nothing from it."""
    part = document.part
    for rid, rel in list(part.rels.items()):
        if rel.reltype == STYLES_WITH_EFFECTS:
            del part.rels[rid]


# ------------------------------------------------------------------------------- LibreOffice
_profile_lock = threading.Lock()
_convert_lock = threading.Lock()
_profile_dir: Path | None = None


def soffice_path() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def _profile() -> Path:
    """One LibreOffice user profile per process, so parallel test runs don't block each other."""
    global _profile_dir
    with _profile_lock:
        if _profile_dir is None:
            _profile_dir = Path(tempfile.mkdtemp(prefix=f"huiwu-lo-{os.getpid()}-"))
            atexit.register(shutil.rmtree, _profile_dir, ignore_errors=True)
        return _profile_dir


def docx_to_pdf(path: Path, outdir: Path | None = None, timeout: float = 240) -> Path:
    """Convert a .docx (or .xlsx) to PDF with headless LibreOffice; returns the PDF path."""
    soffice = soffice_path()
    if soffice is None:
        raise RuntimeError("未找到 LibreOffice（soffice），无法转换为 PDF")
    path = Path(path)
    outdir = Path(outdir or path.parent)
    outdir.mkdir(parents=True, exist_ok=True)
    cmd = [
        soffice,
        f"-env:UserInstallation={_profile().as_uri()}",
        "--headless",
        "--norestore",
        "--convert-to",
        "pdf",
        "--outdir",
        str(outdir),
        str(path),
    ]
    with _convert_lock:  # one soffice per profile at a time
        result = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    pdf = outdir / (path.stem + ".pdf")
    if result.returncode != 0 or not pdf.is_file():
        raise RuntimeError(f"LibreOffice 转换失败：{path}\n{result.stdout}\n{result.stderr}")
    return pdf


def pdf_text(pdf: Path) -> str:
    """Text of a PDF via pdftotext (poppler); for tests."""
    out = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True)
    return out.stdout


def pdf_to_png(pdf: Path, prefix: Path, dpi: int = 50) -> list[Path]:
    """Render PDF pages to PNG (pdftoppm) for looking at them; returns the page images."""
    subprocess.run(["pdftoppm", "-png", "-r", str(dpi), str(pdf), str(prefix)], check=True)
    return sorted(Path(prefix).parent.glob(Path(prefix).name + "*.png"))


def split_tags(template: Path) -> list[str]:
    """Paragraph texts whose Jinja tags are spread over several runs (Word does that on editing).

    docxtpl mends most such splits itself; templates built by make_templates.py have none.
    """
    import re

    from docx import Document
    from docx.oxml.ns import qn

    tag = re.compile(r"\{\{.*?\}\}|\{%.*?%\}")
    bad = []
    doc = Document(str(template))
    parts = [doc.element.body] + [s.footer._element for s in doc.sections]
    for part in parts:
        for para in part.iter(qn("w:p")):
            texts = [t.text or "" for t in para.iter(qn("w:t"))]
            whole = "".join(texts)
            opened = whole.count("{{") + whole.count("{%")
            if opened and sum(len(tag.findall(t)) for t in texts) != opened:
                bad.append(whole)
    return bad
