"""A region defined only in tests/ runs the whole app: the core needs no change for it."""
from tests.support import login


def test_login_teacher_home_and_one_credit_shown(client):
    assert login(client, "teacher").status_code == 302
    page = client.get("/me/").get_data(as_text=True)
    assert "张老师" in page
    assert "示例集中培训" in page
    assert "12 学时按 1:1 计学分" in page  # the region's own explanation step
    assert "《示例区教师培训学分办法》1" in page and "example.txt" not in page
    assert "<strong>12</strong>" in page  # this year's counted credits


def test_the_pending_entry_is_shown_but_not_counted(client):
    login(client, "teacher")
    page = client.get("/me/").get_data(as_text=True)
    assert "示例待审培训" in page
    assert "<strong>15</strong>" not in page
