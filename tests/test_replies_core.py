"""core/replies.py on plain data: what a 备注 says, and applying accepted rows twice."""
from __future__ import annotations

from huiwu_xl.core import replies as core


def test_what_a_remark_says():
    assert core.leave_reason("请假：赴京汇报工作") == "赴京汇报工作"
    assert core.leave_reason("因公出差，不能参会") == "因公出差"
    assert core.leave_reason("请假") == ""
    assert core.leave_reason("会前到场") is None
    assert core.substitute_named("请假，由李四代会") == "李四"
    assert core.stands_in_for("代张三参会") == "张三" and core.stands_in_for("替王五同志参加") == "王五"
    assert core.parse_details("职务：副局长；手机：139；性别：女") == {"职务": "副局长", "手机": "139", "性别": "女"}


def people():
    return [core.Person("张三", "旗财政局", 5, {"职务": "局长", "手机": "13800000000", "性别": "", "民族": "", "蒙文姓名": ""}),
            core.Person("李四", "旗财政局", 6, {"职务": "副局长", "手机": "", "性别": "", "民族": "", "蒙文姓名": ""})]


def test_a_remark_on_a_listed_person_and_a_moved_post():
    returned = core.ReturnedList("f.xlsx", "旗财政局", None, True, [
        {"姓名": "张三", "序号": "1", "职务": "旗财政局局长", "手机": "138 0000 0000", "备注": "请假，由王五代会"},
        {"姓名": "李四", "序号": "2", "职务": "", "单位及职务": "旗财政局副局长", "手机": "", "备注": ""},
    ])
    changes = core.compare(returned, people())
    assert [(c.name, c.kind, c.item, c.new) for c in changes] == [("张三", "更换", "代会人", "王五"), ("李四", "确认", "", "")]


def test_applying_twice_makes_no_second_edit():
    accepted = [
        core.Accepted(10, "旗财政局", "张三", "信息变更", "手机", "13800000000", "13900000000", ""),
        core.Accepted(11, "旗财政局", "李四", "不能参会", "请假", "", "在外培训", ""),
        core.Accepted(12, "旗财政局", "赵六", "新增", "姓名", "", "赵六", "职务：科员；手机：135"),
        core.Accepted(13, "旗财政局", "张三", "信息变更", "职务", "科长", "局长", ""),  # the roster moved on since
    ]
    plan = core.plan_apply(accepted, people(), [], {"旗财政局": "行政单位"})
    assert plan.roster_cells == [(5, "手机", "13900000000")]
    assert plan.leave_rows == [{"姓名": "李四", "单位": "旗财政局", "事由": "在外培训", "备注": "据回执，书面请假待确认"}]
    assert plan.roster_rows == [{"姓名": "赵六", "单位": "旗财政局", "类别": "行政单位", "职务": "科员", "手机": "135", "备注": "据回执新增"}]
    assert plan.outcomes[13] == "名单中已是新值"
    after = people()
    after[0].fields["手机"] = "13900000000"
    after.append(core.Person("赵六", "旗财政局", 7, {}))
    again = core.plan_apply(accepted, after, [core.LeaveRecord(20, "李四", "旗财政局", "", "在外培训")], {})
    assert again.changes == 0
