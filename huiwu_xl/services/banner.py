"""生成会标: the bilingual banner's proof to scale (会标.pdf) from 会议信息."""
from __future__ import annotations

from ..contract import MEETING
from ..problems import InputError, Problem, raise_if
from . import inputs
from .mongolian import meeting_problems

BANNER_FILE = "会标.pdf"
SIZE_KEYS = ("会标宽度（米）", "会标高度（米）")


def make_banner(port) -> str:
    from ..documents.banner import Banner, render_banner
    from ..documents.plates import FontMissing

    problems: list[Problem] = []
    meeting = inputs.meeting(port, problems)
    meeting = inputs.require(meeting, problems)
    problems += meeting_problems(meeting, ("会标（蒙古文）",))
    sizes = {}
    for key in SIZE_KEYS:
        value = meeting.number(key, problems)
        if value is None and not meeting.get(key):
            problems.append(Problem(MEETING.name, f"生成会标需要会场横幅的实际尺寸：请填写“{key}”（如 {'12' if '宽' in key else '1'}）",
                                    row=meeting.rows.get(key), column="内容" if key in meeting.rows else "项目"))
        elif value is not None and value <= 0:
            problems.append(Problem(MEETING.name, f"“{key}”应大于 0，现为“{meeting.get(key)}”", row=meeting.rows.get(key), column="内容"))
        sizes[key] = value
    raise_if(problems)
    width, height = sizes[SIZE_KEYS[0]], sizes[SIZE_KEYS[1]]
    if height > width:
        raise InputError(Problem(MEETING.name, f"会标高度（{height:g} 米）大于宽度（{width:g} 米）：横幅应横向，请核对两项是否填反",
                                 row=meeting.rows.get(SIZE_KEYS[1]), column="内容"))
    chinese = meeting.get("会标（汉文）") or meeting.name
    mongolian = meeting.get("会标（蒙古文）")
    banner = Banner(chinese, mongolian, width, height, meeting.name)
    out = inputs.output_folder(port, meeting)
    try:
        proof = render_banner(banner, out / BANNER_FILE)
    except FontMissing as exc:
        raise InputError(Problem(MEETING.name, str(exc), column="项目")) from None
    from ..documents.banner import metres

    lines = [f"会标校样已生成（比例 1:{proof.scale}，A3 横向）：{proof.path}",
             f"横幅 {metres(width)} 米 × {metres(height)} 米，字高 {metres(proof.text_height_m)} 米。"]
    if mongolian:
        lines.append("蒙古文在上、汉文在下，两种文字字高相同。请翻译部门核对蒙古文后交广告公司制作。")
    else:
        lines.append("尚未填写“会标（蒙古文）”：校样中以虚线框标出蒙古文位置。请点击“生成翻译清单”交翻译部门翻译。")
    return "\n".join(lines)
