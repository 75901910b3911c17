"""The demo meeting reads like a real one: posts that fit the unit, the contact person's own number."""
from __future__ import annotations


def test_demo_posts_fit_their_units():
    from huiwu_xl.demo import LEADERS, make_people, unit_posts

    leaders = {post for _, _, post in LEADERS}
    for person in make_people(300):
        if person["职务"] in leaders:
            continue
        head, deputy = unit_posts(person["单位"])
        assert person["职务"] in (head, deputy, "分管负责人"), person  # no 副镇长 in 旗委组织部
    assert unit_posts("旗委组织部") == ("部长", "副部长") and unit_posts("巴彦镇") == ("镇长", "副镇长")


def test_the_contact_person_has_their_own_number():
    from huiwu_xl.demo import demo_tables, meeting_rows

    settings = dict(meeting_rows())
    staff = {s["姓名"]: s["电话"] for s in demo_tables()["工作人员"]}
    assert staff[settings["联系人"]] == settings["联系电话"]
