"""shanxi's compulsory content is named as its document names it: §三(三) 将师德教育、信息技术应用能力等
纳入必修学分. The duties said 必修内容, a word of the portal's own, so a teacher or a school looking
for the document's 必修学分 on the duties page did not find it."""
from __future__ import annotations

from tests.support import signed_in, text


def test_the_compulsory_duties_say_bixiu_xuefen(make_app):
    app = make_app("shanxi", demo=True)
    teacher = signed_in(app, "teacher")
    teacher.post("/locale/zh_Hans_CN")
    page = text(teacher.get("/me/compliance"))
    assert "必修学分：师德教育" in page and "必修学分：信息技术应用能力" in page
    assert "必修内容：" not in page
    teacher.post("/locale/en")
    page = text(teacher.get("/me/compliance"))
    assert "Compulsory credits: Professional ethics" in page and "Compulsory content:" not in page
