"""`huiwu demo`: a realistic demo workbook, and every command run on it.

The same generator feeds the tests and the benchmarks (`people=` scales it up to 100,000).
"""
from __future__ import annotations

import random
from datetime import datetime, timedelta
from pathlib import Path

from .text import name_key
from .contract import BUTTONS, CATEGORIES, INPUT_SHEETS, MEETING, SHEETS

START = datetime(2026, 12, 3, 8, 30)
END = datetime(2026, 12, 3, 11, 30)

SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰涛明超秀霞平刚桂英华建国志红玉兰海燕俊峰鹏飞斌宇浩凯辉鑫亮晨博文倩婷雪琳晶梅宁健"
MONGOLIAN = [("巴特尔", "ᠪᠠᠭᠠᠲᠤᠷ"), ("乌日娜", "ᠤᠷᠢᠨ\u180eᠠ"), ("其其格", "ᠴᠢᠴᠢᠭ"), ("额尔敦", "ᠡᠷᠳᠡᠨᠢ"), ("苏和", "ᠰᠦᠬᠡ")]

UNITS = {
    "常委领导": ["旗委"],
    "四大班子领导": ["旗人大常委会", "旗人民政府", "旗政协"],
    "苏木镇": ["乌兰苏木", "巴彦镇", "宝日希勒镇", "呼和诺尔苏木", "锡尼河镇", "伊和乌拉苏木"],
    "党群单位": ["旗委办公室", "旗委组织部", "旗委宣传部", "旗委统战部", "旗委政法委", "旗总工会", "团旗委", "旗妇联"],
    "行政单位": ["旗政府办公室", "旗发展和改革委员会", "旗财政局", "旗教育局", "旗公安局", "旗民政局", "旗自然资源局",
                "旗生态环境分局", "旗住房和城乡建设局", "旗交通运输局", "旗农牧局", "旗水利局", "旗卫生健康委员会", "旗应急管理局",
                "旗市场监督管理局", "旗统计局", "旗审计局", "旗林业和草原局"],
    "事业单位": ["旗融媒体中心", "旗疾病预防控制中心", "旗人民医院", "旗第一中学", "旗档案馆", "旗就业服务中心"],
    "公司企业": ["旗城市投资发展有限公司", "旗供电公司", "旗水务有限公司", "旗农村信用合作联社"],
}
LEADERS = [
    ("常委领导", "旗委", "旗委书记"), ("四大班子领导", "旗人民政府", "旗委副书记、旗长"),
    ("四大班子领导", "旗人大常委会", "旗人大常委会主任"), ("四大班子领导", "旗政协", "旗政协主席"),
    ("常委领导", "旗委", "旗委副书记"), ("常委领导", "旗委", "旗委常委、组织部部长"),
    ("常委领导", "旗委", "旗委常委、宣传部部长"), ("四大班子领导", "旗人民政府", "旗委常委、常务副旗长"),
    ("四大班子领导", "旗人民政府", "副旗长"), ("四大班子领导", "旗人大常委会", "旗人大常委会副主任"),
    ("四大班子领导", "旗政协", "旗政协副主席"), ("四大班子领导", "旗人民政府", "副旗长"),
]


# (suffix of the unit's name, head's post, deputy's post): 职务 as such a unit calls them.
UNIT_POSTS = (
    ("苏木", "苏木达", "副苏木达"), ("镇", "镇长", "副镇长"), ("部", "部长", "副部长"), ("政法委", "书记", "副书记"),
    ("团旗委", "书记", "副书记"), ("总工会", "主席", "副主席"), ("妇联", "主席", "副主席"), ("办公室", "主任", "副主任"),
    ("委员会", "主任", "副主任"), ("中心", "主任", "副主任"), ("分局", "局长", "副局长"), ("局", "局长", "副局长"),
    ("医院", "院长", "副院长"), ("中学", "校长", "副校长"), ("馆", "馆长", "副馆长"), ("联社", "理事长", "副理事长"),
    ("有限公司", "董事长", "副总经理"), ("公司", "经理", "副经理"),
)


def unit_posts(unit: str) -> tuple[str, str]:
    """(head, deputy) 职务 of a unit: 镇长 in a 镇, 部长 in a 部, 局长 in a 局 — never 副镇长 in 旗委组织部."""
    for suffix, head, deputy in UNIT_POSTS:
        if unit.endswith(suffix):
            return head, deputy
    return "主要负责人", "分管负责人"


def _name(rng: random.Random, taken: set[str]) -> str:
    while True:
        given = rng.choice(GIVEN) + (rng.choice(GIVEN) if rng.random() < 0.7 else "")
        name = rng.choice(SURNAMES) + given
        if name not in taken:
            taken.add(name)
            return name


def make_people(n: int, seed: int = 7) -> list[dict]:
    """n roster rows over the seven categories: podium leaders first, then units in order."""
    rng = random.Random(seed)
    taken: set[str] = {"王伟"}
    people: list[dict] = []
    for i, (cat, unit, post) in enumerate(LEADERS[: max(1, min(len(LEADERS), n // 10))]):
        name, mn = MONGOLIAN[i] if i < len(MONGOLIAN) and i % 2 == 1 else (_name(rng, taken), "")
        people.append({"姓名": name, "单位": unit, "职务": post, "类别": cat, "排序": i + 1, "座区": "主席台",
                       "座签": "是", "蒙文姓名": mn, "民族": "蒙古族" if mn else "汉族"})
    units = [(c, u) for c in CATEGORIES[2:] for u in UNITS[c]]
    k = 0
    while len(people) < n:
        cat, unit = units[k % len(units)]
        head, deputy = unit_posts(unit)
        drawn = None if k < len(units) else rng.choice(["副书记", "副局长", "副主任", "副镇长", "分管负责人"])  # one draw, as before
        post = head if drawn is None else ("分管负责人" if drawn == "分管负责人" else deputy)
        people.append({"姓名": _name(rng, taken), "单位": unit, "职务": post, "类别": cat, "排序": None,
                       "座区": "台下", "座签": "", "蒙文姓名": "", "民族": rng.choice(["汉族"] * 3 + ["蒙古族"])})
        k += 1
    for i, p in enumerate(people):
        p["序号"] = i + 1
        p["手机"] = f"1{rng.choice('3578')}{rng.randrange(10**9):09d}"
        p["性别"] = rng.choice("男男女")
        p["邮箱"] = ""
        p["备注"] = ""
    return people


def demo_tables(n: int = 120, seed: int = 7) -> dict[str, list[dict]]:
    """Every input sheet's rows. For n ≥ 60 the first rows carry the messy cases on purpose."""
    rng = random.Random(seed + 1)
    people = make_people(n, seed)
    if n >= 60:
        # Namesakes in two units, a name with 间隔号, a two-character podium name.
        people[20]["姓名"], people[21]["姓名"] = "王伟", "王伟"
        people[22]["姓名"] = "阿力木·买买提"
    leave: list[dict] = []
    signin: list[dict] = []
    special: dict[int, str] = {}

    def person(i: int) -> dict:
        return people[i]

    if n >= 60:
        cases = [
            # (index, 请假类型, 书面请假, 批准人, 代会人, 事由, what happens at the door)
            (30, "", "是", "旗长", "", "参加上级会议", "absent"),  # 请假
            (31, "", "是", "旗长", "张志强", "因公出差", "substitute:张志强"),  # 代会
            (32, "", "是", "旗长", "刘建华", "因病住院", "absent"),  # 请假, named substitute absent
            (33, "", "否", "旗长", "", "电话请假", "absent"),  # oral only → 旷会
            (34, "", "是", "", "", "陪同上级调研", "absent"),  # not approved → 旷会
            (35, "迟到", "是", "旗长", "", "参加市里视频会", "late:52"),  # approved late → 出席
            (36, "早退", "是", "旗长", "", "接待上级检查", "early:10:05"),  # approved early → 出席
            (37, "", "是", "旗长", "", "培训", "ontime"),  # leave, came anyway → 出席
            (38, "", "是", "", "", "外出", "substitute:赵小军"),  # unapproved + substitute → 擅自代会
            (39, "", "是", "旗长", "孙立新", "因公出访", "substitute:钱多多"),  # wrong substitute → 擅自代会
            (40, "", "是", "旗长", "", "参加自治区培训", "absent"),
            (41, "", "是", "常务副旗长", "", "因病", "absent"),
            (42, "", "是", "旗长", "马晓东", "赴京汇报", "substitute:马晓东"),
            (43, "", "是", "旗长", "", "陪同上级调研", "absent"),
            (44, "", "否", "", "", "微信请假", "absent"),
            (45, "迟到", "是", "旗长", "", "处置突发事件", "absent"),  # only late approved, never came → 旷会
            (46, "", "是", "旗长", "", "参加上级会议", "absent"),
            (47, "", "是", "旗长", "", "因公出差", "absent"),
            (48, "早退", "否", "旗长", "", "家中有事", "early:10:30"),  # unwritten early leave → 早退
        ]
        for i, kind, written, approver, sub, reason, door in cases:
            p = person(i)
            name = p["姓名"] if i != 40 else p["姓名"][0] + "\u3000" + p["姓名"][1:]
            leave.append({"姓名": name, "单位": p["单位"], "请假类型": kind, "事由": reason, "书面请假": written,
                          "批准人": approver, "代会人": sub, "备注": ""})
            special[i] = door
        leave.append({"姓名": "查无此人", "单位": "旗统计局", "请假类型": "", "事由": "出差", "书面请假": "是",
                      "批准人": "旗长", "代会人": "", "备注": "名单外的请假"})
        special.update({50: "late:9", 51: "late:5", 52: "early:11:10", 53: "late:20;early:10:40", 54: "absent",
                        55: "absent", 56: "text:8点31分", 57: "text:8:31", 58: "text:2026/12/3 8:29",
                        59: "nbsp", 23: "substitute-noleave:李明"})
    for i, p in enumerate(people):
        door = special.get(i, "ontime" if rng.random() > 0.03 else "absent")
        if door == "absent":
            continue
        row = {"姓名": p["姓名"], "单位": p["单位"], "签到时间": START - timedelta(minutes=rng.randint(3, 40)),
               "签退时间": None, "座位": "", "代会对象": "", "备注": ""}
        for part in door.split(";"):
            kind, _, arg = part.partition(":")
            if kind == "late":
                row["签到时间"] = START + timedelta(minutes=int(arg))
            elif kind == "early":
                hh, mm = arg.split(":")
                row["签退时间"] = START.replace(hour=int(hh), minute=int(mm))
            elif kind == "text":
                row["签到时间"] = arg
            elif kind == "nbsp":
                row["姓名"] = p["姓名"][0] + "\u00a0" + p["姓名"][1:]
            elif kind in ("substitute", "substitute-noleave"):
                row = {**row, "姓名": arg, "代会对象": p["姓名"], "备注": "代会"}
        signin.append(row)
    if n >= 60:
        signin.append({"姓名": "周末", "单位": "旗外事办", "签到时间": START - timedelta(minutes=5), "签退时间": None,
                       "座位": "", "代会对象": "", "备注": "名单外人员"})
        signin.append({"姓名": "王伟", "单位": "", "签到时间": START - timedelta(minutes=6), "签退时间": None,
                       "座位": "", "代会对象": "", "备注": "未写单位，无法区分同名"})
        signin.append({"姓名": "阿力木•买买提", "单位": people[22]["单位"], "签到时间": "8:10", "签退时间": None,
                       "座位": "", "代会对象": "", "备注": "圆点写法不同"})
        signin = [r for r in signin if r["姓名"] != "阿力木·买买提"]
        # A second sign-in row for one person: the earliest in and the latest out count.
        signin.append({"姓名": people[60]["姓名"], "单位": people[60]["单位"], "签到时间": START + timedelta(minutes=40),
                       "签退时间": END, "座位": "", "代会对象": "", "备注": "重复签到"})
    # 孟庆华 is the notice's 联系人: 0470-6600001 (会议信息 联系电话) is her own number
    staff = [{"姓名": n_, "职责": r, "电话": f"0470-66{k + 1:05d}", "邮箱": ""} for k, (n_, r) in enumerate(
        [("孟庆华", "会务组组长"), ("包丽丽", "电话通知"), ("韩雪梅", "电话通知"), ("吴海涛", "会场布置"), ("斯琴", "签到"), ("高俊", "材料")])]
    units = [{"单位": u, "类别": c, "排序": i + 1, "联系人": "", "电话": "", "邮箱": f"unit{i + 1:02d}@example.gov.cn"}
             for i, (c, u) in enumerate((c, u) for c in CATEGORIES for u in UNITS[c])]
    copies = [{"材料名称": "2027年全旗经济工作要点（讨论稿）", "密级": "秘密", "份号": f"{k:06d}",
               "领取人": people[k]["姓名"], "领取单位": people[k]["单位"], "领取时间": START - timedelta(minutes=20),
               "回收时间": END if k % 4 else None, "回收人": "高俊" if k % 4 else "", "备注": ""} for k in range(1, min(n, 13))]
    calls = _call_round(people, leave, rng)
    ledger = [{"姓名": "孟庆华", "角色": "总协调、方案起草"}, {"姓名": "包丽丽", "角色": "电话通知、会议通知"},
              {"姓名": "韩雪梅", "角色": "电话通知", "扣分事项": "漏通知"}, {"姓名": "吴海涛", "角色": "会场布置、音响设备"},
              {"姓名": "斯琴", "角色": "签到、会议服务"}, {"姓名": "高俊", "角色": "材料", "扣分事项": "涉密材料未回收"}]
    return {"参会名单": people, "请假": leave, "签到": signin, "工作人员": staff, "单位": units, "材料": copies,
            "考核记录": ledger, "电话通知": calls}


def _call_round(people: list[dict], leave: list[dict], rng: random.Random) -> list[dict]:
    """The phone round as staff left it the day before: most called, a few not reached, the newest
    roster rows (the last tenth) not yet on the sheet, so 生成电话通知表 has people to add."""
    asked = {row["姓名"].replace("\u3000", ""): row for row in leave}
    called_at = START - timedelta(days=1)
    rows = []
    for i, p in enumerate(people[: len(people) * 9 // 10]):
        row = {"序号": i + 1, "类别": p["类别"], "单位": p["单位"], "姓名": p["姓名"], "职务": p["职务"], "手机": p["手机"],
               "通知人": "包丽丽" if p["类别"] in CATEGORIES[:4] else "韩雪梅",
               "通知时间": called_at.replace(hour=15) + timedelta(minutes=2 * i), "接听人": "本人", "结果": "参会"}
        if p["姓名"] in asked and asked[p["姓名"]]["请假类型"]:  # will come late or leave early
            row["备注"] = f"已请假{asked[p['姓名']]['请假类型']}"
        elif p["姓名"] in asked:
            request = asked[p["姓名"]]
            row["结果"] = "代会" if request["代会人"] else "请假"
            row["原因"] = request["事由"]
            row["代会人"] = request["代会人"]
            row["书面请假"] = "是" if request["书面请假"] == "是" else ""
        elif i % 23 == 5:
            row |= {"结果": "未接通", "接听人": "", "备注": "关机"}
        elif i % 31 == 7:
            row |= {"结果": "待定", "接听人": "办公室秘书", "原因": "领导外出，待回复"}
        rows.append(row)
    return rows


def meeting_rows(out_dir: str = "") -> list[tuple[str, object]]:
    return [
        ("会议名称", "2026年全旗经济工作会议"), ("开始时间", START), ("结束时间", END),
        ("地点", "旗政府第一会议室（行政中心四楼）"), ("报到时间", "2026年12月3日上午8:00—8:25"),
        ("主办单位", "××旗人民政府办公室"), ("发文字号", "×政办发〔2026〕12号"),
        ("主送", "各苏木镇人民政府，旗直各部门（单位）："), ("联系人", "孟庆华"), ("联系电话", "0470-6600001"),
        ("回执截止", "2026年12月1日17:00"), ("迟到宽限（分钟）", 5), ("早退宽限（分钟）", 5), ("需书面请假", "是"),
        ("主席台排法", "A"), ("主席台每排座位数", 7), ("会场排数", 20), ("每排座位数", 16), ("预留排数", 2),
        ("发座方式", "居中向两侧"), ("全体座签", "否"), ("座签字体", "方正小标宋简体"),
        ("通报依据", "《关于进一步严明会议纪律的通知》（×办字〔2018〕2号）"), ("成文日期", "2026-11-27"),
        ("抄送", "旗委办公室，旗人大常委会办公室，旗政协办公室"), ("通报日期", "2026-12-04"),
        ("会标宽度（米）", 12), ("会标高度（米）", 1),
        ("输出目录", out_dir),
    ]


MAIL_ROWS = [
    ("SMTP服务器", "smtp.example.gov.cn"), ("加密方式", "SSL"), ("用户名", "hwb@example.gov.cn"),
    ("发件人名称", "××旗人民政府办公室"), ("附件", "会议通知.docx、{单位}参会名单.xlsx"),
    ("试运行", "是"),  # the demo writes .eml files instead of sending
]


def write_demo_workbook(path: Path, people: int = 120, seed: int = 7, out_dir: str = "", archive_anyway: bool = False,
                        mail_dry_run: bool = False) -> Path:
    """The demo meeting's workbook. A `.xlsm` is the real macro workbook with its buttons, filled
    through write-back as staff would fill it; any other name is a plain .xlsx (tests, benchmarks)."""
    tables = demo_tables(people, seed)
    settings = meeting_rows(out_dir)
    if archive_anyway:  # `huiwu demo` archives although three confidential copies are out (材料回收 lists them)
        settings.append(("未回收涉密材料仍归档", "是"))
    key_values = [(MEETING.name, settings)] + ([("邮件设置", MAIL_ROWS)] if mail_dry_run else [])
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.suffix.lower() == ".xlsm":
        return _fill_macro_workbook(path, tables, key_values)
    return _plain_workbook(path, tables, key_values)


def _plain_workbook(path: Path, tables: dict, key_values: list) -> Path:
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path), {"default_date_format": "yyyy-mm-dd hh:mm"})
    book.set_properties({"created": datetime(2026, 11, 1)})
    bold = book.add_format({"bold": True})
    for name, rows in key_values:
        ws = book.add_worksheet(name)
        ws.write_row(0, 0, ["项目", "内容"], bold)
        for r, (k, v) in enumerate(rows, start=1):
            ws.write(r, 0, k)
            if isinstance(v, datetime):
                ws.write_datetime(r, 1, v)
            elif v not in ("", None):
                ws.write(r, 1, v)
        ws.set_column(0, 0, 20)
        ws.set_column(1, 1, 50)
    for sheet in INPUT_SHEETS:
        if sheet.name not in tables:
            continue
        ws = book.add_worksheet(sheet.name)
        headers = SHEETS[sheet.name].headers
        ws.write_row(0, 0, headers, bold)
        for r, record in enumerate(tables[sheet.name], start=1):
            for c, h in enumerate(headers):
                v = record.get(h)
                if isinstance(v, datetime):
                    ws.write_datetime(r, c, v)
                elif v not in (None, ""):
                    ws.write_string(r, c, v) if isinstance(v, str) else ws.write_number(r, c, v)
        for c, col in enumerate(sheet.columns):
            ws.set_column(c, c, col.width)
    book.close()
    return path


def _fill_macro_workbook(path: Path, tables: dict, key_values: list) -> Path:
    """The built huiwu.xlsm, typed into: settings in the 内容 column, rows below each header."""
    from .build.xlsm import build_workbook
    from .port import FileWorkbook
    from .tables import header_text

    build_workbook(path)
    port = FileWorkbook(path, stream=open(__import__("os").devnull, "w"))
    for name, rows in key_values:
        values = port.read_values(name) or []
        where = {header_text(r[0]): i + 1 for i, r in enumerate(values) if r and r[0]}
        cells, extra = {}, []
        for key, value in rows:
            if value in ("", None):
                continue
            if header_text(key) in where:
                cells[f"B{where[header_text(key)]}"] = value
            else:
                extra.append({"项目": key, "内容": value})
        port.write_cells(name, cells)
        if extra:
            port.append_rows(name, extra)
    for name, rows in tables.items():
        port.append_rows(name, [{k: v for k, v in r.items() if v not in (None, "")} for r in rows])
    port.commit()
    backups = path.parent / ".huiwu备份"
    for old in backups.glob(f"{path.stem}-*{path.suffix}"):
        old.unlink()  # the freshly built, empty workbook is nothing to keep
    return path


# The morning at the door: a few arrivals at the 签到台 (by the command line, with the times a
# paper list would give), one of them late, and one pressed twice.
DESK_ARRIVALS = (("8:12", 0), ("8:19", 1), ("8:41", 2), ("8:20", 0))


def unaccounted(tables: dict) -> list[dict]:
    """Roster people (台下) the demo's sign-in sheet and leave list do not mention at all."""
    accounted = ({name_key(r["姓名"]) for r in tables["签到"]} | {name_key(r["代会对象"]) for r in tables["签到"]}
                 | {name_key(r["姓名"]) for r in tables["请假"]})
    return [p for p in tables["参会名单"] if name_key(p["姓名"]) not in accounted and p["座区"] == "台下"]


def desk_arrivals(tables: dict) -> list[dict]:
    """Roster people the demo's sign-in sheet does not mention at all, signed in at the desk."""
    free = unaccounted(tables)
    return [{"name": free[k]["姓名"], "unit": free[k]["单位"], "at": at} for at, k in DESK_ARRIVALS]


def send_back_replies(out: Path, folder: Path, tables: dict) -> Path:
    """What three units send back after the notice: two lists as sent, and the finance bureau's
    回执 filled in Word — a new phone number, one person replaced, one added."""
    import shutil

    from docx import Document

    folder.mkdir(parents=True, exist_ok=True)
    for unit in ("旗教育局", "旗公安局"):
        if (out / f"{unit}参会名单.xlsx").is_file():
            shutil.copy(out / f"{unit}参会名单.xlsx", folder)
    people = [p for p in tables["参会名单"] if p["单位"] == "旗财政局"]
    doc = Document()
    doc.add_paragraph("单位（盖章）：旗财政局　　联系人：刘丽　　电话：0470-6602211")
    rows = [("1", people[0]["姓名"], people[0]["职务"], "13904701234", ""),
            ("2", "冯晓光", "副局长", "13804705678", f"代{people[1]['姓名']}参会"),
            ("3", "庞新宇", "办公室主任", "13500002222", "")]
    table = doc.add_table(rows=1, cols=5)
    for cell, text in zip(table.rows[0].cells, ("序号", "姓名", "职务", "手机", "备注")):
        cell.text = text
    for row in rows:
        for cell, text in zip(table.add_row().cells, row):
            cell.text = text
    doc.save(str(folder / "旗财政局回执.docx"))
    return folder


def meeting_day_steps(tables: dict, replies: Path | None = None) -> list[tuple[str, dict, str]]:
    """(command, options, what it shows) in the order an office runs them for one meeting."""
    steps = [("call-round", {}, ""), ("call-summary", {}, ""), ("badges", {}, ""), ("notice", {}, "")]
    if replies is not None:
        steps += [("replies", {"folder": str(replies)}, f" {replies.name}"), ("replies", {"apply": True}, " --apply")]
    steps += [("sign-in-sheet", {}, ""), ("phone-book", {}, ""), ("prep-plan", {}, ""), ("supplies", {}, ""),
              ("podium", {}, ""), ("translation", {}, ""), ("translation", {"import": True}, " --import"),
              ("banner", {}, ""), ("plates", {}, ""), ("seat-cards", {}, "")]
    for arrival in desk_arrivals(tables):
        if arrival != browser_arrival(tables):
            steps.append(("sign-in", arrival, f" --name {arrival['name']} --time {arrival['at']}"))
    steps += [("sync", {}, ""), ("attendance", {}, ""), ("copies", {}, ""), ("mail", {"dry_run": True}, " --dry-run"),
              ("archive", {}, ""), ("points", {}, ""), ("feedback", {}, ""), ("summary", {}, "")]
    return steps


def browser_arrival(tables: dict, arrivals: list[dict] | None = None) -> dict:
    """The latecomer comes in by the door where a browser desk of `huiwu serve` stands."""
    return next(a for a in (arrivals or desk_arrivals(tables)) if a["at"] > "8:35")


def server_desk_arrival(workbook: Path, tables: dict) -> None:
    """The browser desk's arrival (`huiwu serve`, in-process here), for 同步签到 to bring back."""
    from .desk.serve import load_service, simulated_clock
    from .desk.service import Request

    person = browser_arrival(tables)
    hour, minute = map(int, person["at"].split(":"))
    service = load_service(workbook, simulated_clock(datetime(2026, 12, 3, hour, minute)))
    try:
        answer = service.sign_in(Request("demo-desk-0001", "东门1", name=person["name"], unit=person["unit"]))
    finally:
        service.store.close()
    print(f"\n== 多台签到（huiwu serve {workbook.name}，浏览器签到台“东门1”）\n{answer['seat']} {answer['message']}")


def run_demo(folder: Path) -> None:
    from .cli import _button, run_button
    from .errors import report

    folder.mkdir(parents=True, exist_ok=True)
    workbook = folder / "会议示例.xlsm"
    if workbook.exists():
        workbook.unlink()  # a fresh meeting each time the demo runs
    write_demo_workbook(workbook, archive_anyway=True, mail_dry_run=True)
    out = folder / "输出"
    print(f"演示工作簿：{workbook}（带按钮的 huiwu.xlsm，已填好一次会议的数据）")
    failures = 0
    for command, options, words in meeting_day_steps(demo_tables(), folder / "回执"):
        if command == "replies" and "folder" in options:  # the units' answers to the notice arrive
            send_back_replies(out, Path(options["folder"]), demo_tables())
        if command == "sync":
            server_desk_arrival(workbook, demo_tables())
        print(f"\n== {_button(command, dict(options))[0].caption}（huiwu {command} {workbook.name}{words} --out {out}）")
        try:
            run_button(command, workbook, out, options)
        except Exception as exc:  # noqa: BLE001 - the demo goes on and shows the message, as the button would
            message, _ = report(exc, f"demo {command}")
            print(message)
            failures += 1
    print(f"\n全部输出在：{out.resolve()}")
    print("建议先打开这三个文件：")
    print(f"  1. {workbook.resolve()}（各表都已按会议流程写好：电话通知、签到、考勤结果……）")
    print(f"  2. {(out / '会议通知.docx').resolve()}（GB/T 9704 格式的会议通知）")
    print(f"  3. {(out / '会议考勤通报.docx').resolve()}（核对考勤后生成的通报）")
    if failures:
        raise SystemExit(1)
