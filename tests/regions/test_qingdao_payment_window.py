"""点击“报名”按钮后需在30分钟内完成支付，逾期系统将自动取消报名 (qingdao-shinan-2018-training-notice.txt
§附件2 四6): an unpaid enrollment is still held at the thirtieth minute itself and is cancelled,
its seat returned, only after it (the workflow's test pins the 30 minutes; this pins the edge)."""
from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from plugins.qingdao import workflow as W
from portal import clock
from portal.extensions import db
from portal.models import Enrollment, TrainingProject
from portal.services import enrollments
from tests.test_enrollments_offered import _personalized


def test_an_unpaid_enrollment_is_held_for_the_thirtieth_minute_and_cancelled_after_it(make_app):
    app = make_app("qingdao", demo=True)
    project_id, (enrollment_id,) = _personalized(app, clock.today() + timedelta(days=10), status=W.AWAITING_PAYMENT,
                                                 fee=Decimal(300))
    with app.app_context():
        region = app.extensions["portal.region"]
        clicked = db.session.get(Enrollment, enrollment_id).state_since
        # the enrollment was put in its state directly: its seat is taken as the 报名 click takes it
        db.session.get(TrainingProject, project_id).taken = held = 1
        db.session.commit()
        assert enrollments.release_expired(region, at=clicked + timedelta(minutes=30)) == 0
        assert db.session.get(Enrollment, enrollment_id).status == W.AWAITING_PAYMENT
        assert enrollments.release_expired(region, at=clicked + timedelta(minutes=30, seconds=1)) == 1
        db.session.expire_all()
        assert db.session.get(Enrollment, enrollment_id).status == W.CANCELLED
        assert db.session.get(TrainingProject, project_id).taken == held - 1
