"""A phone trial's claim form: every mistake said at once, and a claim of a past cycle refused
(it could never count), in the teacher's current cycle's dates."""
import io
from datetime import timedelta

from sqlalchemy import select

from portal import clock
from portal.extensions import db
from portal.models import Claim, Evidence, Teacher, User
from portal.services import claims
from tests.support import login
from tests.test_claims import PDF, claims_of, form

URL = "/claims/new/outside_training"


def previous_cycle(app):
    with app.app_context():
        teacher = db.session.scalar(select(Teacher).join(User, User.id == Teacher.user_id).where(User.username == "teacher"))
        return claims.previous_cycle(app.extensions["portal.region"], teacher)


def errors(page):
    return page.count('class="flash error"')


def test_a_claim_without_a_file_says_the_files_and_the_dates_mistakes_at_once(app, client):
    login(client, "teacher")
    before = (previous_cycle(app).start - timedelta(days=10)).isoformat()
    response = client.post(URL, data=form(activity_date=before), content_type="multipart/form-data")
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "请至少上传一个证明材料" in page and "已不计入任何周期" in page
    # the form's own mistake (no title) and the service's (no file, a day before the first) together
    response = client.post(URL, data=form(title="", start=clock.today().isoformat(),
                                          activity_date=(clock.today() - timedelta(days=1)).isoformat()),
                           content_type="multipart/form-data")
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and "请至少上传一个证明材料" in page
    assert "开始日期不能晚于结束日期" in page
    assert claims_of(app) == []


def test_a_claim_older_than_the_previous_cycle_is_refused_with_its_dates_in_both_languages(app, client):
    """A trial's teacher claimed a training of 2015 in the cycle 2022–2027. The previous cycle's
    stays claimable (registered the next January or school year; uses look back across cycles)."""
    cycle = previous_cycle(app)
    login(client, "teacher")
    day = (cycle.start - timedelta(days=1)).isoformat()
    data = form(activity_date=day)
    data["files"] = (io.BytesIO(PDF), "证书.pdf")
    response = client.post(URL, data=data, content_type="multipart/form-data")
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and "已不计入任何周期" in page
    assert cycle.start.isoformat() in page and cycle.end.isoformat() in page
    assert "申报已提交" not in page
    data["files"] = (io.BytesIO(PDF), "证书.pdf")
    client.post("/locale/en")
    english = client.post(URL, data=data, content_type="multipart/form-data").get_data(as_text=True)
    assert "training that old counts for no cycle now" in english and cycle.start.isoformat() in english
    client.post("/locale/zh_Hans_CN")
    with app.app_context():  # nothing half-saved: no claim, no file
        assert db.session.scalar(select(Claim)) is None and db.session.scalar(select(Evidence)) is None
    assert claims_of(app) == []
    # the previous cycle's first day itself is claimable
    data = form(activity_date=cycle.start.isoformat(), title="上一周期第一天的培训")
    data["files"] = (io.BytesIO(PDF), "证书.pdf")
    if cycle.start <= clock.today():
        assert client.post(URL, data=data, content_type="multipart/form-data").status_code == 303


def held_token(page):
    import re
    found = re.search(r'name="held" type="hidden" value="([^"]*)"', page)
    return found.group(1) if found else ""


def test_a_refused_claims_file_is_kept_for_the_next_sending_and_never_half_saved(app, client):
    login(client, "teacher")
    data = form(figure="")  # the hours forgotten
    data["files"] = (io.BytesIO(PDF), "证书.pdf")
    response = client.post(URL, data=data, content_type="multipart/form-data")
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "已上传的材料：证书.pdf（已保留）" in page and "请至少上传一个证明材料" not in page
    token = held_token(page)
    assert token
    with app.app_context():  # kept for the form, but no claim and no evidence yet
        assert db.session.scalar(select(Claim)) is None and db.session.scalar(select(Evidence)) is None
    assert claims_of(app) == []
    # a forged token keeps nothing
    forged = client.post(URL, data=form(held=token[:-3] + "abc"), content_type="multipart/form-data")
    assert forged.status_code == 422 and "请至少上传一个证明材料" in forged.get_data(as_text=True)
    # another user cannot use the token
    other = app.test_client()
    login(other, "school_admin")
    teacher_id = current_teacher_id(app)
    refused = other.post(f"{URL}?teacher={teacher_id}", data=form(held=token), content_type="multipart/form-data")
    assert refused.status_code in (404, 422) and claims_of(app) == []
    # the hours given, no file chosen again: the kept file backs the claim
    assert client.post(URL, data=form(held=token), content_type="multipart/form-data").status_code == 303
    (entry,) = claims_of(app)
    with app.app_context():
        from portal.services import evidence as files
        (item,) = db.session.scalars(select(Evidence)).all()
        assert files.path_of(item.stored_as).read_bytes() == PDF and item.filename == "证书.pdf"
    # taken once: the token is spent
    again = client.post(URL, data=form(held=token, title="另一项"), content_type="multipart/form-data")
    assert again.status_code == 422


def current_teacher_id(app):
    with app.app_context():
        return db.session.scalar(select(Teacher.id).join(User, User.id == Teacher.user_id).where(User.username == "teacher"))


def test_files_held_for_a_form_never_sent_again_are_removed_once_their_time_is_past(app):
    """A refused form's files wait a day for it; older ones, which no form can take, go."""
    import os
    import time
    from portal.services import evidence as files
    with app.test_request_context():
        old = files.hold(PDF, claims.HELD_FOR)
        path = files.folder() / "held" / old
        os.utime(path, (time.time() - claims.HELD_FOR - 60,) * 2)
        recent = files.hold(PDF, claims.HELD_FOR)
        assert files.held(old) is None and files.held(recent) == PDF
