"""The workbook contract (../shared/design/workbook.md) as data.

One source of truth for sheet names, headers, aliases, dropdowns and buttons: the readers,
the workbook builder and the generated sheets all draw on these definitions.
"""
from __future__ import annotations

from dataclasses import dataclass

YES, NO = "是", "否"
YES_NO = (YES, NO)
# What people type for 是/否 when they skip the dropdown.
YES_NO_SYNONYMS = {"√": YES, "✓": YES, "✔": YES, "有": YES, "已交": YES, "y": YES, "Y": YES,
                   "×": NO, "✗": NO, "无": NO, "未交": NO, "n": NO, "N": NO}

CATEGORIES = ("常委领导", "四大班子领导", "苏木镇", "党群单位", "行政单位", "事业单位", "公司企业")
SEAT_ZONES = ("主席台", "台下")
LEAVE_KINDS = ("全程", "迟到", "早退")
CALL_RESULTS = ("参会", "请假", "代会", "未接通", "待定")
PODIUM_VARIANTS = ("A", "B", "C")
ISSUE_ORDERS = ("居中向两侧", "从左到右")

# Attendance statuses, in the order the contract lists them.
STATUSES = ("出席", "迟到", "早退", "迟到早退", "请假", "代会", "擅自代会", "旷会")
VIOLATIONS = ("迟到", "早退", "迟到早退", "擅自代会", "旷会")
PRESENT = ("出席", "迟到", "早退", "迟到早退")


@dataclass(frozen=True)
class Column:
    header: str
    required: bool = False
    aliases: tuple[str, ...] = ()
    width: float = 12
    choices: tuple[str, ...] = ()  # a dropdown in the built workbook
    number_format: str | None = None
    text: bool = False  # keep as text (phone numbers, ids)
    allow_blank: bool = False  # a required column whose cells may be empty
    strict: bool = False  # only `choices` (or blank) are accepted: the program decides by them
    choice_hint: str = ""  # said after the choices when a cell holds something else

    @property
    def names(self) -> tuple[str, ...]:
        return (self.header, *self.aliases)


@dataclass(frozen=True)
class SheetDef:
    name: str
    columns: tuple[Column, ...]
    required: bool = False
    hint: str = ""  # one line of help under the header in the built workbook
    codename: str = ""  # ASCII VBA codeName of the sheet in huiwu.xlsm

    def column(self, header: str) -> Column:
        for c in self.columns:
            if c.header == header:
                return c
        raise KeyError(header)

    @property
    def headers(self) -> list[str]:
        return [c.header for c in self.columns]


C = Column
TIME_FMT = "yyyy-mm-dd hh:mm"

MEETING = SheetDef(
    "会议信息",
    (C("项目", True, ("事项", "字段"), 22), C("内容", True, ("值", "设置"), 60, allow_blank=True)),
    required=True,
    hint="左列为项目名称，右列填写内容；说明列标“必填”的项目必须填写，其余可留空使用默认值。",
    codename="shMeeting",
)
ROSTER = SheetDef(
    "参会名单",
    (
        C("序号", aliases=("编号",), width=6),
        C("姓名", True, ("名字", "参会人", "参会人员", "应参会人"), 12),
        C("单位", True, ("单位名称", "工作单位", "部门"), 26),
        C("职务", aliases=("职位", "职称"), width=20),
        C("类别", aliases=("分类", "人员类别"), width=14, choices=CATEGORIES),
        C("排序", aliases=("排名", "位次", "序位"), width=6),
        C("座区", aliases=("座位区",), width=8, choices=SEAT_ZONES, strict=True),
        C("座签", aliases=("桌签", "名签", "席卡"), width=6, choices=YES_NO, strict=True),
        C("手机", aliases=("手机号", "联系电话", "电话", "手机号码"), width=14, text=True),
        C("性别", width=6, choices=("男", "女")),
        C("民族", width=8),
        C("蒙文姓名", aliases=("蒙古文姓名",), width=16),
        C("邮箱", aliases=("电子邮箱", "邮件"), width=22),
        C("备注", width=20),
    ),
    required=True,
    hint="每行一位应参会人员；类别、座区、座签请从下拉列表选择。",
    codename="shRoster",
)
UNITS = SheetDef(
    "单位",
    (
        C("单位", True, ("单位名称",), 26),
        C("类别", width=14, choices=CATEGORIES),
        C("排序", width=6),
        C("联系人", width=10),
        C("电话", aliases=("联系电话", "手机"), width=14, text=True),
        C("邮箱", aliases=("电子邮箱",), width=24),
    ),
    hint="各单位的联系人和邮箱，用于发送会议通知。",
    codename="shUnits",
)
LEAVE = SheetDef(
    "请假",
    (
        C("姓名", True, ("请假人",), 12),
        C("单位", width=24),
        C("请假类型", aliases=("类型",), width=10, choices=LEAVE_KINDS, strict=True,
          choice_hint="病假、事假等请假原因请写在“事由”列"),
        C("事由", aliases=("请假事由", "原因"), width=24),
        C("书面请假", width=10, choices=YES_NO, strict=True),
        C("批准人", aliases=("审批人",), width=10),
        C("代会人", aliases=("代会人员",), width=12),
        C("备注", width=20),
    ),
    hint="请假类型留空即为全程请假；填写批准人且有书面请假（或无需书面请假）方视为准假。",
    codename="shLeave",
)
SIGN_IN = SheetDef(
    "签到",
    (
        C("姓名", True, ("签到人",), 12),
        C("单位", width=24),
        C("签到时间", aliases=("到会时间",), width=18, number_format=TIME_FMT),
        C("签退时间", aliases=("离会时间",), width=18, number_format=TIME_FMT),
        C("座位", width=14),
        C("代会对象", aliases=("代替",), width=12),
        C("备注", width=20),
        C("签到台", width=10),  # which desk of `huiwu serve` took the sign-in
        C("记录号", width=12, text=True),  # the server's id: 同步签到 adds each sign-in once
    ),
    hint="每到一人追加一行；代他人参会时在“代会对象”填写被代替人姓名。",
    codename="shSignIn",
)
CALL_ROUND = SheetDef(
    "电话通知",
    (
        C("序号", width=6),
        C("类别", width=14),
        C("单位", width=24),
        C("姓名", True, width=10),
        C("职务", width=18),
        C("手机", aliases=("手机号", "联系电话"), width=14, text=True),
        C("通知人", width=10),
        C("通知时间", width=18, number_format=TIME_FMT),
        C("接听人", width=10),
        C("结果", width=10, choices=CALL_RESULTS, strict=True),
        C("原因", width=18),
        C("书面请假", width=10, choices=YES_NO, strict=True),
        C("代会人", width=10),
        C("备注", width=20),
        C("名单状态", width=10),  # filled by 生成电话通知表: 已移出名单 when a person left the roster
        C("回执状态", width=10),  # filled by 汇总回执: 未报回执 / 逾期报回执 for the units to chase by phone
    ),
    hint="由“生成电话通知表”按钮生成并合并；请在本表登记每次通话结果。",
    codename="shCallRound",
)
STAFF = SheetDef(
    "工作人员",
    (
        C("姓名", True, width=10),
        C("职责", aliases=("岗位", "分工"), width=18),
        C("电话", aliases=("手机", "联系电话"), width=14, text=True),
        C("邮箱", width=22),
    ),
    hint="会务组工作人员，用于分配通知人、责任人和考核。",
    codename="shStaff",
)
COPIES = SheetDef(
    "材料",
    (
        C("材料名称", True, ("文件标题",), 24),
        C("密级", width=8, choices=("公开", "内部", "秘密", "机密", "绝密")),
        C("份号", True, width=10, text=True),
        C("领取人", width=10),
        C("领取单位", width=22),
        C("领取时间", width=18, number_format=TIME_FMT),
        C("回收时间", width=18, number_format=TIME_FMT),
        C("回收人", width=10),
        C("备注", width=20),
    ),
    hint="涉密材料按份号逐份登记领取与回收。",
    codename="shCopies",
)
CATEGORY_ORDER = SheetDef(
    "类别",
    (C("类别", True, width=16),),
    hint="可选：在此调整类别及其顺序，留空则使用默认顺序。",
    codename="shCategories",
)

# E-mail: the 邮件设置 input sheet and the generated 邮件记录 sheet.
MAIL_SECURITY = ("SSL", "STARTTLS", "无")
MAIL_SETTINGS_SHEET = SheetDef(
    "邮件设置",
    (C("项目", True, ("事项", "字段"), 22), C("内容", True, ("值", "设置"), 60, allow_blank=True)),
    hint="发件邮箱的设置。密码不保存在工作簿中：请在命令行运行一次 huiwu mail 工作簿 --set-password。",
    codename="shMailSettings",
)
MAIL_STATUSES = ("待发", "已发", "失败", "待确认")
MAIL_LOG = SheetDef(
    "邮件记录",
    (
        C("收件人", width=26),
        C("邮箱", width=28),
        C("主题", width=40),
        C("附件", width=40),
        C("状态", width=8, choices=MAIL_STATUSES),
        C("时间", width=18, number_format=TIME_FMT),
        C("Message-ID", width=36),
        C("错误", width=48),
        C("邮件文件", width=36),
        C("附件指纹", width=30),  # name=content hash of each file sent: what a unit has, whatever is renamed
        C("会议编号", width=14),
    ),
    codename="shMailLog",
)
# Before and after the meeting: preparation plan, supplies, staff points.
PREP_STATES = ("未开始", "进行中", "已完成")
PREP_BASES = ("会前", "会后")
PREP_TEMPLATE = SheetDef(
    "筹备任务模板",
    (
        C("环节", width=10),
        C("任务", True, ("任务名称", "工作任务"), 36),
        C("基准", aliases=("时间基准",), width=8, choices=PREP_BASES),
        C("天数", aliases=("提前天数",), width=8),
        C("小时", aliases=("提前小时",), width=8),
        C("职责", aliases=("责任岗位", "岗位"), width=16),
        C("说明", width=40),
    ),
    hint="可选：会前任务的期限为开始时间前若干天/小时（0.5天即半天），会后任务为结束时间后；职责用于匹配工作人员。留空则使用内置模板。",
    codename="shPrepTemplate",
)
PREP_TASKS = SheetDef(
    "筹备任务",
    (
        C("序号", width=6),
        C("环节", width=10),
        C("任务", True, ("任务名称", "工作任务"), 36),
        C("期限", width=18, number_format=TIME_FMT),
        C("责任人", width=10),
        C("状态", width=8, choices=PREP_STATES),
        C("完成时间", width=18, number_format=TIME_FMT),
        C("备注", width=24),
        C("提醒", width=14),
    ),
    hint="由“生成筹备计划”生成；责任人、状态、完成时间、备注可直接修改，重新生成时保留。",
    codename="shPrepTasks",
)
SUPPLY_BASES = ("人数", "人次", "半天数", "座签", "无座签人数", "主席台人数", "工作人员", "固定")
SUPPLY_CONDITIONS = ("冬季", "非冬季")
SUPPLY_RULES = SheetDef(
    "物资规则",
    (
        C("物资", True, ("物品", "名称"), 18),
        C("单位", aliases=("计量单位",), width=6),
        C("按", aliases=("计算基数", "基数"), width=12, choices=SUPPLY_BASES),
        C("每", width=6),
        C("数量", width=6),
        C("备用", aliases=("备用量",), width=8),
        C("条件", width=8, choices=SUPPLY_CONDITIONS),
        C("说明", aliases=("备注",), width=30),
    ),
    hint="可选：数量 = 按基数每若干（每）配若干（数量），再加备用（可写 10% 或件数）；条件为冬季/非冬季。留空则使用内置规则。",
    codename="shSupplyRules",
)
POINTS_LEDGER = SheetDef(
    "考核记录",
    (
        C("日期", width=18, number_format=TIME_FMT),
        C("会议名称", width=30),
        C("会议类别", width=10),
        C("姓名", True, ("工作人员",), 10),
        C("角色", aliases=("岗位", "分工"), width=16),
        C("扣分事项", aliases=("扣分项目",), width=24),
        C("加减分", aliases=("其他加减分",), width=8),
        C("说明", aliases=("备注",), width=24),
    ),
    hint="每位工作人员每次会议一行；多个角色或扣分事项用、分隔，重复扣分写“座签错误×2”；日期、会议名称留空则为本次会议。",
    codename="shPointsLedger",
)
POINT_ROLES = SheetDef(
    "考核角色",
    (C("会议类别", width=10), C("角色", True, width=16), C("积分", True, ("分值", "基础分"), 8), C("说明", width=30)),
    hint="可选：角色的基础积分；会议类别留空表示适用于所有会议。留空则使用内置示例规则。",
    codename="shPointRoles",
)
POINT_DEDUCTIONS = SheetDef(
    "扣分规则",
    (C("事项", True, ("扣分事项",), 20), C("扣分", True, ("分值",), 8), C("说明", width=30)),
    hint="可选：每项差错扣减的积分。留空则使用内置示例规则。",
    codename="shPointDeductions",
)

# 会务意见反馈: the questions of the form (and of the desk server's feedback page), then the sheet.
RATINGS = ("满意", "基本满意", "不满意")
FEEDBACK_QUESTIONS = (  # (column header, the question as printed)
    ("通知及时", "会议通知是否及时、清楚？"),
    ("座次安排", "座次安排和入场引导是否合理？"),
    ("会议材料", "会议材料是否齐全、发放是否及时？"),
    ("茶水温度", "会场茶水、温度（取暖或空调）、音响是否适宜？"),
    ("总体评价", "对本次会议会务服务的总体评价"),
)
FEEDBACK_SUGGESTIONS = "意见建议"
FEEDBACK = SheetDef(
    "反馈意见",
    (
        C("填写时间", width=18, number_format=TIME_FMT),
        C("单位", width=24),
        C("姓名", width=10),
        *(C(header, True, width=10, choices=RATINGS, strict=True, allow_blank=True) for header, _ in FEEDBACK_QUESTIONS),
        C(FEEDBACK_SUGGESTIONS, aliases=("意见和建议", "建议"), width=40),
        C("来源", width=8, choices=("纸质", "网页")),
    ),
    hint="每份反馈表一行（可不填姓名）；各题选 满意、基本满意 或 不满意；网页提交的由 huiwu sync 追加。",
    codename="shFeedback",
)

INPUT_SHEETS = (MEETING, ROSTER, UNITS, LEAVE, SIGN_IN, CALL_ROUND, STAFF, COPIES, CATEGORY_ORDER, MAIL_SETTINGS_SHEET,
                PREP_TEMPLATE, SUPPLY_RULES, POINTS_LEDGER, POINT_ROLES, POINT_DEDUCTIONS, FEEDBACK)

# 回执汇总: written by 汇总回执, then staff mark 采纳 (kept on re-run) and press 应用回执.
REPLY_CHANGES = ("确认", "更换", "新增", "不能参会", "信息变更", "未列出")
REPLIES = SheetDef(
    "回执汇总",
    (
        C("编号", width=6),
        C("单位", width=24),
        C("姓名", width=10),
        C("变动", width=9),
        C("项目", width=8),
        C("原值", width=16),
        C("新值", width=16),
        C("说明", width=36),
        C("文件", width=24),
        C("采纳", width=6, choices=YES_NO),
        C("处理", width=18),
    ),
    codename="shReplies",
)
# Every sheet the readers know by name: the input sheets, and those generated, then edited by staff.
SHEETS = {s.name: s for s in (*INPUT_SHEETS, PREP_TASKS, REPLIES)}
SECRET_LEVELS = ("秘密", "机密", "绝密")


@dataclass(frozen=True)
class Setting:
    key: str
    required: bool = False
    default: str = ""
    hint: str = ""
    choices: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    kind: str = ""  # "number" or "date": checked when the workbook is read


S = Setting
MEETING_SETTINGS = (
    S("会议名称", True, hint="会议全称"),
    S("开始时间", True, hint="如 2026-12-03 08:30"),
    S("结束时间", True, hint="如 2026-12-03 11:30"),
    S("地点", True, hint="会场全称及房间"),
    S("报到时间"),
    S("主办单位", hint="如 ××旗人民政府办公室"),
    S("发文字号", hint="如 ×政办发〔2026〕12号（六角括号）"),
    S("主送", hint="如 各苏木镇人民政府，旗直各部门（单位）："),
    S("联系人"),
    S("联系电话"),
    S("回执截止"),
    S("迟到宽限（分钟）", default="0", aliases=("迟到宽限", "迟到宽限分钟"), kind="number"),
    S("早退宽限（分钟）", default="0", aliases=("早退宽限", "早退宽限分钟"), kind="number"),
    S("需书面请假", default=YES, choices=YES_NO),
    S("主席台排法", default="A", choices=PODIUM_VARIANTS,
      hint="左右均指台下观众看到的左右。A：1号居中（双数时坐中间两座中靠左的一座），2号在1号右边（即1号的左手边），"
           "3号在1号左边，其余依次一右一左；B：双数时1号坐中间两座中靠右的一座，2号在1号左边，3号在右边；"
           "C：双数时按A排，并在最左端空一座，使1号正对台中线。单数时三种排法相同"),
    S("主席台每排座位数", hint="留空则主席台人员坐一排"),
    S("会场排数"),
    S("每排座位数"),
    S("预留排数", default="0"),
    S("发座方式", default="居中向两侧", choices=ISSUE_ORDERS),
    S("全体座签", default=NO, choices=YES_NO),
    S("座签字体", default="方正小标宋简体"),
    S("冬季", choices=YES_NO, hint="留空按会议月份判断"),
    S("输出目录", hint="留空则为工作簿所在文件夹下的 输出/会议名称"),
    S("模板目录", hint="本单位修改过的 Word 模板所在文件夹；留空则用工作簿旁的“模板”文件夹，没有则用内置模板"),
    S("通报依据", hint="通报引用的会议纪律文件，如《关于进一步严明会议纪律的通知》（×办字〔2018〕2号）"),
    S("成文日期", hint="会议通知的成文日期（应至少在会前3天）；留空则为生成当天", kind="date"),
    # 版记 of the notice (GB/T 9704-2012 §7.4): 抄送, then 印发机关 and 印发日期 on one line at the bottom of the last page.
    S("抄送", hint="会议通知版记中的抄送机关，用逗号分隔，如 旗委办公室，旗人大常委会办公室；留空则不印抄送"),
    S("印发机关", hint="版记中的印发机关，一般为办公室；留空则为主办单位（主办单位不是办公室时加“办公室”）"),
    S("印发日期", hint="版记中的印发日期；留空则同成文日期", kind="date"),
    S("通报日期", hint="考勤通报的成文日期；留空则为生成当天", kind="date"),
    # 会议通知 (生成会议通知); items one per line (Alt+Enter in the cell), numbered by the program.
    S("会议缘由", hint="通知开头的缘由，如 为贯彻落实……；留空则直接写“经研究，决定召开……”"),
    S("参会范围", hint="参会人员，每行一项；留空则按参会名单的类别和单位列出"),
    S("会议议程", hint="会议议程，每行一项；留空则通知中不列议程"),
    S("发言要求", hint="如 发言时间控制在10分钟以内，书面材料1500字以内"),
    S("有关要求", hint="每行一项；留空则使用默认要求（提前15分钟签到、请假手续、会场纪律）"),
    # Before and after the meeting; seat plates.
    S("经办人", hint="归档目录中的经办人；留空则列出工作人员"),
    S("期限避开周末", default=YES, choices=YES_NO, hint="是：会前任务期限逢周六、周日提前到周五，会后任务顺延到周一"),
    S("须清退密级", default="秘密、机密、绝密", hint="这些密级的材料未全部回收时不能归档"),
    S("未回收涉密材料仍归档", default=NO, choices=YES_NO, hint="是：涉密材料尚未回收也允许归档（归档目录中注明）"),
    S("会议类别", hint="工作人员考核按会议类别取角色积分，如 大型会议、常务会议"),
    S("座签印单位", default=NO, choices=YES_NO, hint="是：座签姓名下方加印单位"),
    S("会议编号", hint="由 huiwu 自动生成，用于记录邮件发给了谁，请勿修改；复制本工作簿筹备另一次会议时请清空"),
    # Bilingual Mongolian–Chinese (domain.md §2.4): texts typed in Unicode traditional Mongolian.
    S("蒙汉双语座签", default=NO, choices=YES_NO, hint="是：每张座签都印蒙古文姓名（缺蒙文姓名时不生成座签，可先生成翻译清单）"),
    S("会标（汉文）", aliases=("会标", "会标汉文"), hint="会场横幅文字；留空则用会议名称"),
    S("会标（蒙古文）", aliases=("会标蒙古文", "蒙古文会标"), hint="会标的蒙古文（Unicode 传统蒙古文，由翻译部门提供）"),
    S("会标宽度（米）", aliases=("会标宽度",), kind="number", hint="会场横幅的实际宽度，如 12"),
    S("会标高度（米）", aliases=("会标高度",), kind="number", hint="会场横幅的实际高度，如 1"),
    S("发文机关标志（蒙古文）", aliases=("蒙古文发文机关标志",), hint="会议通知版头中汉文发文机关标志上方的蒙古文（Unicode）"),
    # Several sign-in desks (huiwu serve).
    S("签到服务", hint="多台签到时填写 huiwu serve 启动时显示的地址（如 http://192.168.1.10:8765/?pin=123456），"
                    "“签到发座”即与各签到台共用座位；留空为本机签到"),
    S("签到密钥", hint="第一次生成参会证时由程序填写，参会码由它生成，请勿修改；新会议复制本工作簿时请清空"),
)
# The 会议信息 keys that hold traditional Mongolian, checked like 蒙文姓名.
MONGOLIAN_SETTINGS = ("会标（蒙古文）", "发文机关标志（蒙古文）")
MAIL_SETTINGS = (
    S("SMTP服务器", True, hint="发信服务器，如 smtp.163.com；政务邮箱请向信息中心询问", aliases=("服务器", "SMTP", "发信服务器")),
    S("端口", hint="留空：SSL 用 465，STARTTLS 用 587，无加密用 25"),
    S("加密方式", default="SSL", choices=MAIL_SECURITY, aliases=("加密", "安全连接")),
    S("用户名", hint="登录邮箱的账号，通常就是邮箱地址；留空则不登录", aliases=("账号", "帐号")),
    S("发件人名称", hint="留空则用会议信息中的主办单位"),
    S("发件人地址", hint="留空则用用户名", aliases=("发件人邮箱", "发件邮箱")),
    S("附件", default="会议通知.docx", hint="输出文件夹中的文件名，多个用、分隔；{单位} 代表各单位名称，如 {单位}参会名单.xlsx（生成会议通知时为每个单位生成）"),
    S("邮件主题", hint="留空则用模板 邮件模板.txt 中的主题；可用 {会议名称}、{单位} 等"),
    S("邮件正文", hint="留空则用模板 邮件模板.txt 中的正文"),
    S("试运行", default=NO, choices=YES_NO, hint="是：只把每封邮件写成 .eml 文件，不发送"),
    S("重发待确认", default=NO, choices=YES_NO, hint="是：重发状态为“待确认”的邮件（与上次完全相同，Message-ID 不变）；核实并重发后请改回“否”"),
    S("重发已改附件", default=NO, choices=YES_NO,
      hint="是：已发出的附件（如会议通知）改过后，作为【更正】重发给已收到旧版的单位；发完请改回“否”"),
    S("信任证书", hint="服务器使用自签名证书时，填写其 CA 证书文件（.pem）的路径；一般留空"),
    S("超时（秒）", default="60", aliases=("超时", "超时秒")),
)


@dataclass(frozen=True)
class Button:
    caption: str
    macro: str  # the Python function in huiwu_xl.macros; also the VBA Sub's name (ASCII)
    group: str  # 会前 / 会中 / 会后
    help: str
    command: str  # the command-line sub-command
    flag: str = ""  # for a second button on the same command: the option that selects it, e.g. --apply


BUTTONS = (
    Button("生成电话通知表", "make_call_round", "会前", "按类别生成或合并电话通知表，分配通知人，已登记的结果不会丢失。", "call-round"),
    Button("电话通知汇总", "summarize_call_round", "会前", "统计接通、参会、请假情况，列出待补书面请假和未接通人员。", "call-summary"),
    Button("生成会议通知", "write_notice", "会前", "按 GB/T 9704 版式生成会议通知及参会回执（Word）。", "notice"),
    Button("生成签到表", "write_sign_in_sheet", "会前", "按类别生成可打印的签到表（Word）。", "sign-in-sheet"),
    Button("生成电话簿", "write_phone_book", "会前", "生成会议电话簿，会务组联系人在前（Word）。", "phone-book"),
    Button("生成筹备计划", "make_prep_plan", "会前", "按会议时间生成筹备任务、期限和责任人。", "prep-plan"),
    Button("生成物资清单", "make_supply_list", "会前", "按人数和季节计算矿泉水、纸笔、座签等物资数量。", "supplies"),
    Button("排主席台座次", "arrange_podium", "会前", "按排序和排法安排主席台座次，绘制座次图（观众视角）。", "podium"),
    Button("汇总回执", "summarize_replies", "会前", "读取“回执”文件夹中各单位报回的名单和回执，列出变动和未报单位，写入“回执汇总”。", "replies"),
    Button("应用回执", "apply_replies", "会前", "把“回执汇总”中“采纳”为是的变动写入参会名单和请假表。", "replies", "--apply"),
    Button("生成翻译清单", "make_translation_list", "会前", "列出会标、发文机关标志和座签姓名中缺蒙古文的条目，交翻译部门填写。", "translation"),
    Button("导入翻译", "import_translations", "会前", "读取翻译部门填好的翻译清单，补入蒙文姓名和会议信息（不覆盖已有内容）。", "translation", "--import"),
    Button("生成会标", "make_banner", "会前", "按会场横幅尺寸生成蒙汉双语会标校样（PDF，标注实际尺寸）。", "banner"),
    Button("生成座签", "make_plates", "会前", "生成双面折叠座签，支持蒙汉双语。", "plates"),
    Button("生成座位卡", "make_seat_cards", "会前", "生成按发放顺序编号的会场座位卡，带裁切线。", "seat-cards"),
    Button("生成参会证", "make_badges", "会前", "生成带二维码的参会证（每页 8 张），多台签到时扫码即可签到。", "badges"),
    Button("签到发座", "sign_in_desk", "会中", "在“签到台”输入姓名后点击：记录签到时间并发放下一个座位。", "sign-in"),
    Button("同步签到", "sync_signins", "会中", "把多台签到（huiwu serve）的签到和签退写回“签到”表，已有的不重复添加。", "sync"),
    Button("核对考勤", "check_attendance", "会后", "核对签到、请假与名单，生成考勤结果和考勤通报。", "attendance"),
    Button("材料回收", "report_copies", "会后", "列出未回收的涉密材料（按人、按单位）。", "copies"),
    Button("发送邮件", "send_mail", "会后", "把生成的文件按单位发送邮件，只补发未发送的。", "mail"),
    Button("会议归档", "archive_meeting", "会后", "打包全部生成文件和输入表快照，生成归档目录。", "archive"),
    Button("工作人员考核", "score_staff", "会后", "按角色和扣分规则累计工作人员积分。", "points"),
    Button("会务意见反馈", "make_feedback", "会后", "生成会务意见反馈表（Word，可带二维码），并按题汇总“反馈意见”。", "feedback"),
    Button("生成会务总结", "write_summary", "会后", "根据各表数据起草会务工作总结（Word，可修改）。", "summary"),
)
BUTTON_GROUPS = ("会前", "会中", "会后")

# Sheets written by macros: overwritten on every run, coloured tab, a note that they are generated.
GENERATED_TAB_COLOR = "#F4B183"
GENERATED_NOTE = "本表由 huiwu 自动生成，每次运行都会覆盖，请勿在此录入。"


@dataclass(frozen=True)
class GeneratedSheet:
    name: str
    macro: str  # the button that writes it (BUTTONS)
    codename: str  # ASCII VBA codeName in huiwu.xlsm


# Every generated sheet is in the built workbook from the start (an empty page saying which button
# fills it), so the command line's write-back only ever replaces a sheet and never adds one.
GENERATED_SHEETS = (
    GeneratedSheet("电话通知汇总", "summarize_call_round", "shCallSummary"),
    GeneratedSheet("筹备任务", "make_prep_plan", "shPrepTasks"),
    GeneratedSheet("物资清单", "make_supply_list", "shSupplies"),
    GeneratedSheet("座次", "arrange_podium", "shSeating"),
    GeneratedSheet("考勤结果", "check_attendance", "shAttendance"),
    GeneratedSheet("考勤汇总", "check_attendance", "shAttendanceSummary"),
    GeneratedSheet("名单外签到", "check_attendance", "shStrangers"),
    GeneratedSheet("材料回收", "report_copies", "shCopiesOut"),
    GeneratedSheet("材料回收汇总", "report_copies", "shCopiesSummary"),
    GeneratedSheet("邮件记录", "send_mail", "shMailLog"),
    GeneratedSheet("归档目录", "archive_meeting", "shArchiveIndex"),
    GeneratedSheet("考核明细", "score_staff", "shPointsDetail"),
    GeneratedSheet("考核汇总", "score_staff", "shPointsTotals"),
    GeneratedSheet("回执汇总", "summarize_replies", "shReplies"),
    GeneratedSheet("反馈汇总", "make_feedback", "shFeedbackSummary"),
)

# The sign-in desk (签到台): a form sheet, not a table. Staff type here and press 签到发座.
SIGN_IN_DESK = "签到台"
SIGN_IN_DESK_CODENAME = "shDesk"
DESK_NAME_CELL = "C4"  # 姓名
DESK_UNIT_CELL = "C5"  # 单位 (optional, for namesakes)
DESK_RESULT_CELL = "B8"  # the seat, in large type, e.g. 第3排 第5座
DESK_MESSAGE_CELL = "B10"  # who was found, or why nobody was
HOME_SHEET = "操作"
HOME_CODENAME = "shHome"
CONF_SHEET = "xlwings.conf"
CONF_CODENAME = "shConf"
