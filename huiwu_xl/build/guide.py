"""使用说明.docx: the short guide `huiwu setup-excel` puts beside the workbook.

The 操作 sheet points to it when a button does not answer, so it must be in the clerk's folder
(docs/excel-setup.md is in the source tree, which an office never sees). The buttons' lines come
from the contract, so the guide names every button the workbook has.
"""
from __future__ import annotations

from pathlib import Path

from .. import contract as c
from .xlsm import GUIDE_FILE

TITLE = "会务助手使用说明"
SECTIONS: list[tuple[str, list[str]]] = [
    ("一、第一次打开", [
        "双击打开本文件夹中的 huiwu.xlsm。Excel 提示“宏已被禁用”或“安全风险”时，先关闭文件，在文件上点右键，"
        "选“属性”，勾选“解除锁定”后点“确定”，再打开文件并点“启用内容”。",
        "更省事的办法：在 Excel 中依次点“文件—选项—信任中心—信任中心设置—受信任位置—添加新位置”，选中本文件夹。"
        "以后放在这个文件夹里的工作簿都可以直接使用按钮。",
        "按钮所用的 Python 已由安装命令配置好（本文件夹中的 xlwings.conf）。把文件夹复制到另一台电脑时，"
        "需要在那台电脑上安装后重新运行一次“huiwu setup-excel 文件夹”。单位策略禁止宏时，请找信息中心。",
    ]),
    ("二、填表", [
        "“会议信息”：会议名称、开始时间、结束时间、地点必须填写，其余项目右侧的“说明”写明了用途和默认值，"
        "如主席台排法、会场排数、抄送、印发机关。",
        "“参会名单”：每行一位应参会人员，类别、座区、座签从下拉列表选择。“请假”“签到”“电话通知”“工作人员”"
        "“材料”等表按需填写。各表第2行是填写提示，可以删除。",
    ]),
    ("三、按钮", []),  # filled from the contract
    ("四、生成的文件和打印", [
        "文件保存在工作簿所在文件夹的“输出\\会议名称”中（“会议信息”中填了“输出目录”时保存在那里）。"
        "文件正在 Word 或 Excel 中打开时，新文件另存为“名称(2)”，原文件不受影响。",
        "生成的表（橙色标签）每次都会重新生成，请勿在其中录入。这些表已设为 A4 纸、宽度缩放为一页、"
        "每页重复表头、页脚有页码，可以直接打印。",
        "会议通知按 GB/T 9704 排版，版记在最后一页下方；签到表和电话簿按类别分表，续页重复类别名称。",
        "座签只生成 PDF（座签.pdf）：A4 横向，每页一张，沿中间虚线对折后两面都是正的。"
        "要改名字或增减座签，请在“参会名单”中修改后再点一次“生成座签”，只重印改动的那几页。",
        "座位卡的张数与物资清单中的座位卡数量一致：按预计到会人数加备用，从前排往后排发放。",
    ]),
    ("五、出错时", [
        "弹窗会用中文写明是哪张表、第几行、哪一列的问题，一次列出全部问题；改好后再点一次按钮即可。"
        "程序不会改动您录入的内容。",
    ]),
    ("六、修改模板", [
        "本文件夹“模板”中的会议通知、签到表、电话簿、考勤通报和邮件正文可以在 Word 或记事本中修改措辞和版式，"
        "下次点按钮即按新模板生成。用 {{ }} 和 {% %} 括起来的部分是要填入的内容，请勿删改。",
    ]),
    ("七、没有 Excel 时", [
        "同样的功能可以在“命令提示符”中运行，例如“huiwu attendance huiwu.xlsm”核对考勤；"
        "“huiwu --help”列出全部命令，“huiwu 命令 --help”显示某个命令的说明。",
    ]),
]


def button_lines() -> list[str]:
    """What each button does is written beside it on the 操作 sheet; here only the order of use."""
    lines = ["“操作”表按会前、会中、会后排列全部按钮，每个按钮右侧有一句说明。点按钮前先保存好录入的内容；"
             "按钮运行时 Excel 左下角显示进度，完成后弹出中文提示。"]
    for group in c.BUTTON_GROUPS:
        lines.append(f"{group}：" + "、".join(f"“{b.caption}”" for b in c.BUTTONS if b.group == group) + "。")
    return lines


def write_guide(folder: Path) -> Path:
    """Writes FOLDER/使用说明.docx (GB/T 9704 page, 仿宋 body); returns its path."""
    from ..documents import gbt9704 as g
    from ..documents.render import save_document

    doc = g.new_document()
    g.add(doc, TITLE, g.TITLE)
    for heading, paragraphs in SECTIONS:
        g.add(doc, heading, g.HEADING1)
        for text in paragraphs or button_lines():
            g.add(doc, text)
    props = doc.core_properties
    props.title, props.author = TITLE, "huiwu"
    return save_document(doc, Path(folder), GUIDE_FILE)
