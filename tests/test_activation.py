"""Opening an imported teacher's account with the school's activation code: the admin's sheet,
the teacher's page, and what each refuses."""
from __future__ import annotations

import io
from datetime import timedelta

import pytest
from python_calamine import CalamineWorkbook
from sqlalchemy import func, select, update

from portal import clock
from portal.domain.idcard import check_digit
from portal.extensions import db
from portal.models import AccountActivation, AuditEvent, OrgUnit, Teacher, User
from tests.support import login

PASSWORD = "chosen-pass1"


def id_number(serial: int) -> str:
    first = f"37020219850301{serial:03d}"
    return first + check_digit(first)


@pytest.fixture
def app(make_app):
    app = make_app("qingdao", demo=True)
    with app.app_context():
        school = db.session.scalar(select(User).where(User.username == "school_admin")).roles[0].org_unit
        for serial, name in ((901, "甲老师"), (902, "乙老师")):
            db.session.add(Teacher(school=school, name=name, gender="female", id_number=id_number(serial),
                                   stages=["primary"]))
        db.session.commit()
        app.config["SCHOOL_ID"] = school.id
    return app


def sheet_codes(client, school_id) -> dict[str, str]:
    response = client.post("/admin/activation", data={"school": school_id})
    assert response.status_code == 200 and response.mimetype.endswith("spreadsheetml.sheet")
    rows = CalamineWorkbook.from_filelike(io.BytesIO(response.data)).get_sheet_by_index(0).to_python()
    assert rows[0] == ["姓名", "身份证号", "激活码"]
    return {row[0]: row[2] for row in rows[1:] if len(row) > 2 and row[2]}


def open_account(client, number, code, username="jia_teacher", password=PASSWORD):
    return client.post("/activate", data={"id_number": number, "code": code, "username": username,
                                          "new": password, "confirm": password})


def test_a_teacher_opens_their_account_with_the_schools_code_and_signs_in(app):
    admin = app.test_client()
    login(admin, "school_admin")
    page = admin.get("/admin/activation").text
    assert "（2 名教师未开通账号）" in page
    codes = sheet_codes(admin, app.config["SCHOOL_ID"])
    assert set(codes) == {"甲老师", "乙老师"}

    teacher = app.test_client()
    assert "用激活码开通账号" in teacher.get("/login").text
    typed = codes["甲老师"].lower().replace("-", " ")  # as read from paper
    assert open_account(teacher, id_number(901), typed).headers["Location"].endswith("/login")
    assert login(teacher, "jia_teacher", PASSWORD).status_code == 302
    assert teacher.get("/me/").status_code == 200
    with app.app_context():
        kept = db.session.scalar(select(Teacher).where(Teacher.id_number == id_number(901)))
        assert kept.user.username == "jia_teacher" and kept.user.display_name == "甲老师"
        assert db.session.scalar(select(func.count(AccountActivation.id))) == 1  # 乙老师's is left
        assert {"activation.issued", "user.activated"} <= set(db.session.scalars(select(AuditEvent.action)))
    again = open_account(app.test_client(), id_number(901), codes["甲老师"], username="jia2")
    assert again.status_code == 422 and "激活码只能使用一次" in again.text


@pytest.mark.parametrize("wrong", ["id", "code", "expired"])
def test_a_wrong_id_a_wrong_code_and_an_expired_code_are_refused_alike(app, wrong):
    admin = app.test_client()
    login(admin, "school_admin")
    code = sheet_codes(admin, app.config["SCHOOL_ID"])["甲老师"]
    if wrong == "expired":
        with app.app_context():
            db.session.execute(update(AccountActivation).values(
                expires_at=AccountActivation.expires_at - timedelta(days=31)))
            db.session.commit()
    number = id_number(902) if wrong == "id" else id_number(901)
    response = open_account(app.test_client(), number, "ABCD-EFGH-JKLM" if wrong == "code" else code)
    assert response.status_code == 422
    assert "这个身份证号和激活码不能开通账号" in response.text
    with app.app_context():
        assert db.session.scalar(select(User).where(User.username == "jia_teacher")) is None


def test_a_username_taken_keeps_the_code_for_the_next_try(app):
    admin = app.test_client()
    login(admin, "school_admin")
    code = sheet_codes(admin, app.config["SCHOOL_ID"])["甲老师"]
    taken = open_account(app.test_client(), id_number(901), code, username="teacher")
    assert taken.status_code == 422 and "该用户名已被使用" in taken.text
    assert open_account(app.test_client(), id_number(901), code).status_code == 302


def test_a_new_sheet_replaces_the_schools_earlier_codes(app):
    admin = app.test_client()
    login(admin, "school_admin")
    first = sheet_codes(admin, app.config["SCHOOL_ID"])["甲老师"]
    second = sheet_codes(admin, app.config["SCHOOL_ID"])["甲老师"]
    assert first != second
    assert open_account(app.test_client(), id_number(901), first).status_code == 422
    assert open_account(app.test_client(), id_number(901), second).status_code == 302


def test_an_admin_gets_codes_only_for_a_school_of_theirs(app):
    with app.app_context():
        other = db.session.scalar(select(OrgUnit).where(OrgUnit.kind == "school", OrgUnit.id != app.config["SCHOOL_ID"]))
        db.session.add(Teacher(school=other, name="丙老师", gender="male", id_number=id_number(903), stages=["primary"]))
        db.session.commit()
        other_id = other.id
    admin = app.test_client()
    login(admin, "school_admin")
    assert "丙老师" not in admin.get("/admin/activation").text
    refused = admin.post("/admin/activation", data={"school": other_id})
    assert refused.status_code == 422 and not refused.mimetype.endswith("sheet")
    district = app.test_client()
    login(district, "district_admin")
    assert set(sheet_codes(district, other_id)) == {"丙老师"}
    teacher = app.test_client()
    login(teacher, "teacher")
    assert teacher.get("/admin/activation").status_code == 403


def test_the_form_checks_everything_server_side(app):
    response = app.test_client().post("/activate", data={"id_number": "", "code": "", "username": "王",
                                                         "new": "short", "confirm": "other"})
    assert response.status_code == 422
    for message in ("至少 8 个字符", "两次输入的密码不一致", "长度为 3 到 64 个字符", "不能用汉字"):
        assert message in response.text  # the username's rules said before a try and in the portal's words after
    assert "字段长度必须介于" not in response.text


def test_the_page_says_when_the_schools_codes_were_issued_how_many_are_unused_and_until_when(app):
    admin = app.test_client()
    login(admin, "school_admin")
    assert "尚未发放激活码。" in admin.get("/admin/activation").text
    codes = sheet_codes(admin, app.config["SCHOOL_ID"])
    today = clock.today()
    until = today + timedelta(days=app.config["PORTAL_ACTIVATION_DAYS"])
    said = f"{today.isoformat()} 发放的激活码：2 个未用，有效至 {until.isoformat()}"
    page = admin.get("/admin/activation").text
    assert said in page and "尚未发放激活码" not in page
    assert open_account(app.test_client(), id_number(901), codes["甲老师"]).status_code == 302
    assert f"{today.isoformat()} 发放的激活码：1 个未用" in admin.get("/admin/activation").text

    with app.app_context():
        other = db.session.scalar(select(OrgUnit).where(OrgUnit.kind == "school", OrgUnit.id != app.config["SCHOOL_ID"]))
        db.session.add(Teacher(school=other, name="丙老师", gender="male", id_number=id_number(903), stages=["primary"]))
        db.session.commit()
        school = db.session.get(OrgUnit, app.config["SCHOOL_ID"]).name
    district = app.test_client()
    login(district, "district_admin")
    page = district.get("/admin/activation").text
    assert f"{school}</span> · {today.isoformat()} 发放的激活码：1 个未用" in page  # several schools: each named
    assert page.count("发放的激活码") == 1  # the school without codes says nothing

    with app.app_context():
        db.session.execute(update(AccountActivation).values(
            expires_at=AccountActivation.expires_at - timedelta(days=31)))
        db.session.commit()
    assert f"{today.isoformat()} 发放的激活码均已过期" in admin.get("/admin/activation").text
    admin.post("/locale/en", data={"next": "/admin/activation"})
    assert f"Codes issued {today.isoformat()}: all expired" in admin.get("/admin/activation").text


def test_the_page_says_that_each_download_issues_new_codes(app):
    """Onboarding trial: the button read 下载激活码, so an admin who downloaded the sheet again (a
    lost file) voided the codes already handed out without knowing it."""
    admin = app.test_client()
    login(admin, "school_admin")
    page = admin.get("/admin/activation").get_data(as_text=True)
    assert "生成并下载新的激活码" in page and "每次下载都会生成新的激活码" in page


def test_the_sheet_names_the_public_address_when_one_is_set(app):
    """Onboarding trial: an IT person downloading the codes on the new server itself handed teachers
    'open http://127.0.0.1:5171/activate'; PORTAL_PUBLIC_URL, which names the portal to QR codes and
    credentials, names it on the codes' sheet too."""
    admin = app.test_client()
    login(admin, "school_admin")

    def notes():
        response = admin.post("/admin/activation", data={"school": app.config["SCHOOL_ID"]})
        rows = CalamineWorkbook.from_filelike(io.BytesIO(response.data)).get_sheet_by_index(0).to_python()
        return " ".join(str(cell) for row in rows for cell in row)

    assert "http://localhost/activate" in notes()
    app.config["PORTAL_PUBLIC_URL"] = "https://jspx.example.gov.cn/"
    assert "https://jspx.example.gov.cn/activate" in notes() and "localhost" not in notes()


def test_the_schools_offered_keep_their_names_and_say_the_rest_in_the_pages_language(app):
    """The choice of school on the activation codes' page was the one unit choice not marked as
    data, open to a browser's translation rewriting the schools' names. It is marked
    ``translate="no"`` as the new-user and workshop forms mark theirs, and what is said beside
    each name is in the page's language."""
    admin = app.test_client()
    login(admin, "school_admin")
    with app.app_context():
        name = db.session.get(OrgUnit, app.config["SCHOOL_ID"]).name
    chinese = admin.get("/admin/activation").text
    select_tag = chinese.split('<select', 1)[1].split(">", 1)[0]
    assert 'translate="no"' in select_tag
    assert f"{name}（2 名教师未开通账号）" in chinese
    admin.post("/locale/en", data={"next": "/"})
    english = admin.get("/admin/activation").text
    assert 'translate="no"' in english.split('<select', 1)[1].split(">", 1)[0]
    assert f"{name} (2 without an account)" in english and "名教师未开通账号" not in english
