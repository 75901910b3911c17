"""clean.path_name and clean.xml_text with every character that ever broke a name or a document (issue 12, point 3)."""
from __future__ import annotations

import io
import zipfile

import pytest
from lxml import etree

from huiwu_xl.clean import NAME_BYTES, WINDOWS_PATH, path_name, xml_clean, xml_text

C0 = [chr(c) for c in range(0x00, 0x20)]
C1 = [chr(c) for c in range(0x7F, 0xA0)]  # DEL and the C1 block
BIDI = ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069", "\u200e", "\u200f", "\u061c"]
SEPARATORS = ["\u2028", "\u2029"]
EVERY_ODD = C0 + C1 + BIDI + SEPARATORS
WINDOWS_FORBIDDEN = '\\/:*?"<>|'


@pytest.mark.parametrize("ch", EVERY_ODD, ids=lambda ch: f"U+{ord(ch):04X}")
def test_no_control_or_bidi_character_survives_in_a_name(ch, tmp_path):
    name = path_name(f"会议{ch}名称.docx")
    assert not any(c in name for c in EVERY_ODD)
    assert name.startswith("会议") and name.endswith("名称.docx")
    (tmp_path / name).write_bytes(b"x")  # the file system takes it
    assert path_name(name) == name  # cleaning twice changes nothing: writer and reader agree


@pytest.mark.parametrize("ch", EVERY_ODD, ids=lambda ch: f"U+{ord(ch):04X}")
def test_no_xml_illegal_character_survives_in_text(ch):
    text = xml_text(f"张{ch}三")
    element = etree.fromstring(f"<w:t xmlns:w='urn:x'>{text}</w:t>".encode("utf-8"))  # parses: the XML is well formed
    assert element.text.startswith("张") and element.text.endswith("三")
    assert not any(c in text for c in C0 if c not in "\t\n\r") and not any(c in text for c in C1)
    assert "\u202e" not in text and "\u2028" not in text and "\u2029" not in text


def test_xml_text_keeps_tabs_line_breaks_and_mongolian_joiners():
    mongolian = "ᠤᠷᠢᠨ\u180eᠠ\u200d"
    assert xml_text(f"第一行\n第二行\t{mongolian}") == f"第一行\n第二行\t{mongolian}"
    assert xml_text(None) == "" and xml_text(12) == "12"


def test_xml_clean_reaches_every_string_of_a_template_context():
    context = {"title": "会\x00议", "rows": [{"name": "张\x1b三", "n": 3}], "pair": ("a\x07", None)}
    assert xml_clean(context) == {"title": "会议", "rows": [{"name": "张三", "n": 3}], "pair": ("a", None)}


@pytest.mark.parametrize("name, expected", [
    ("CON", "CON_"), ("con", "con_"), ("NUL.txt", "NUL_.txt"), ("COM1", "COM1_"), ("AUX.docx", "AUX_.docx"),
    ("lpt9.tar.gz", "lpt9_.tar.gz"), ("PRN ", "PRN_"), ("COM¹.xlsx", "COM¹_.xlsx"),
    ("CONTRACT.docx", "CONTRACT.docx"), ("旗CON.docx", "旗CON.docx"), ("NULL.txt", "NULL.txt"),
])
def test_windows_device_names_are_never_produced(name, expected):
    assert path_name(name) == expected


def test_forbidden_characters_become_full_width_look_alikes():
    cleaned = path_name(f"旗委{WINDOWS_FORBIDDEN}办公室")
    assert cleaned == "旗委＼／：＊？＂＜＞｜办公室"
    assert not any(c in cleaned for c in WINDOWS_FORBIDDEN)


@pytest.mark.parametrize("name", ["...", " . ", "", "\x00\x01", "\u202e", None])
def test_nothing_left_gives_the_fallback(name):
    assert path_name(name, fallback="会议") == "会议"


def test_trailing_dots_and_spaces_go_and_line_breaks_become_one_space():
    assert path_name("  会议名称. . ") == "会议名称"
    assert path_name("旗委\r\n办公室\t（机要科）") == "旗委 办公室 （机要科）"
    assert path_name("..\\..\\x.txt") == "＼..＼x.txt"


def test_a_right_to_left_override_cannot_disguise_an_extension():
    assert path_name("报告\u202excod.exe") == "报告xcod.exe"


@pytest.mark.parametrize("length", [86, 100, 300, 5000])
def test_a_long_name_is_cut_to_255_bytes_keeping_its_extension_and_telling_names_apart(length, tmp_path):
    one, other = "会" * length + "甲.docx", "会" * length + "乙.docx"
    a, b = path_name(one), path_name(other)
    assert len(a.encode("utf-8")) <= NAME_BYTES and len(b.encode("utf-8")) <= NAME_BYTES
    assert a.endswith(".docx") and "~" in a and a != b
    assert a.startswith("会" * 60)  # readable: the start of the name is kept
    assert path_name(a) == a
    (tmp_path / a).write_bytes(b"x")
    (tmp_path / b).write_bytes(b"y")
    assert len(list(tmp_path.iterdir())) == 2


def test_the_cut_falls_between_characters_including_four_byte_ones():
    for name in ["𠀀" * 100, "a" + "𠀀" * 100, "ab" + "𠀀" * 100, "abc" + "会" * 100]:
        cut = path_name(name)
        cut.encode("utf-8")  # no broken surrogate or half character
        assert len(cut.encode("utf-8")) <= NAME_BYTES


def test_a_name_that_fits_is_left_alone():
    name = "会" * 80 + ".docx"  # 245 bytes
    assert path_name(name) == name


def test_inside_a_deep_folder_the_whole_path_stays_under_260_characters(tmp_path):
    folder = "C:\\Users\\办公室\\Desktop\\会务\\输出\\" + "某" * 100
    name = path_name("会" * 200 + ".docx", folder=folder)
    assert len(folder) + 1 + len(name) <= WINDOWS_PATH and name.endswith(".docx")
    meeting = path_name("会" * 200, folder=folder, reserve=48)
    assert len(folder) + 1 + len(meeting) + 48 <= WINDOWS_PATH
    too_deep = path_name("会" * 200 + ".docx", folder="C:\\" + "某" * 300)
    assert len(too_deep) >= 24  # past 260 anyway: the name stays readable rather than vanishing


def test_the_same_name_comes_out_of_writer_and_mailer(tmp_path):
    """生成会议通知 writes each unit's list, 发送邮件 looks it up: both clean the same text the same way."""
    from huiwu_xl.mail.plan import Template, Unit, plan_messages

    units = [Unit(f"旗委{ch}办公室", "a@example.cn") for ch in EVERY_ODD[:40]] + [Unit("旗" * 90, "b@example.cn")]
    for unit in units:
        (tmp_path / path_name(f"{unit.name}参会名单.xlsx", folder=tmp_path)).write_bytes(b"x")
    existing = {p.name for p in tmp_path.iterdir()}
    plan = plan_messages(units, ["{单位}参会名单.xlsx"], tmp_path, existing, Template("通知", "正文"), {})
    assert plan.problems == []
    assert all(m.attachments[0].is_file() for m in plan.messages)


def test_xml_text_makes_a_docx_that_opens(tmp_path):
    from docx import Document

    from huiwu_xl.documents import rawdocx

    body = "".join(f"<w:p><w:r><w:t>{rawdocx.text(f'名{ch}字')}</w:t></w:r></w:p>" for ch in EVERY_ODD)
    target = rawdocx.write_docx(tmp_path / "x.docx", body, rawdocx.section(210, 297, 20), "宋\x00体", "标\x1b题")
    texts = [p.text for p in Document(target).paragraphs]
    assert len(texts) == len(EVERY_ODD) and all(t.startswith("名") and t.endswith("字") for t in texts)
    with zipfile.ZipFile(target) as z:
        for part in z.namelist():
            if part.endswith(".xml"):
                etree.parse(io.BytesIO(z.read(part)))
