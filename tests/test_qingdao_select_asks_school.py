"""A qingdao teacher's button on a training's page asks her school first (2018 annex 2 §四2:
报名前需向学校、幼儿园提出申请，经学校批准后方可报名): it said 选择该培训, and what it did (a request,
no seat, nothing paid; enrolling and paying after the school's approval) was said nowhere."""
from __future__ import annotations

from tests.support import city_project, signed_in, text


def test_the_button_says_it_asks_the_school(make_app):
    app = make_app("qingdao", demo=True)
    project = city_project(app, name="全市专题培训（申请测试）")
    teacher = signed_in(app, "teacher")
    teacher.post("/locale/zh_Hans_CN")
    page = text(teacher.get(f"/catalog/{project}"))
    # a free training: nothing is said of paying (it read 也无需缴费 and 完成支付（免费培训无需支付）)
    assert "报名前须经学校批准" in page and "还不是报名：学校批准前不占名额。" in page
    assert not any(word in page for word in ("缴费", "支付", "付费"))
    assert "附件2 四2" in page and "您能否申请参加该培训？" in page and "您能否选择该项目" not in page
    assert "选择该培训" not in page.replace("向学校申请参加该培训", "")
    # what the button does is said before it; the request asks nothing of the order (备注 and the
    # invoice are filled in at 报名, 2018 附件2 四3)
    assert page.index("报名前须经学校批准") < page.index("向学校申请参加该培训")
    assert "备注" not in page and "报销凭证" not in page
    answer = teacher.post(f"/catalog/{project}/select", follow_redirects=True)
    assert "已向学校申请，待学校批准。学校批准后，请在“我的培训”中点击“报名”。" in text(answer)
    assert "支付" not in text(answer)

    teacher.post("/locale/en")
    page = text(teacher.get(f"/catalog/{city_project(app, name='全市专题培训（英文）')}"))
    assert "Ask my school to approve this training" in page and "Select this training" not in page
    assert "until the school approves you hold no seat." in page and "pay" not in page.lower()


def test_a_training_with_a_fee_says_the_payment_that_follows(make_app):
    """A training with a fee says the 报名 and its payment that follow the school's approval
    (2018 附件2 四2, 四4–四6); a free one (above) says nothing of paying."""
    from decimal import Decimal

    app = make_app("qingdao", demo=True)
    project = city_project(app, name="全市专题培训（收费）", fee=Decimal(120))
    teacher = signed_in(app, "teacher")
    teacher.post("/locale/zh_Hans_CN")
    page = text(teacher.get(f"/catalog/{project}"))
    assert "还不是报名：学校批准前不占名额，也无需缴费。" in page
    assert "阅读《缴费须知》并同意，在 30 分钟内完成支付；逾期系统将自动取消报名。" in page and "免费" not in page
    teacher.post("/locale/en")
    page = text(teacher.get(f"/catalog/{project}"))
    assert "until the school approves you hold no seat and pay nothing" in page and "free training" not in page


def test_a_region_without_a_request_keeps_the_core_words(make_app):
    app = make_app("example", demo=True)
    from tests.test_catalog_nothing_in_the_way import _open_training
    project = _open_training(app)
    teacher = signed_in(app, "teacher")
    teacher.post("/locale/zh_Hans_CN")
    assert "选择该培训" in text(teacher.get(f"/catalog/{project}"))
    answer = text(teacher.post(f"/catalog/{project}/select", follow_redirects=True))
    assert "后续步骤请见“我的培训”" in answer
