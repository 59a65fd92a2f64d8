"""开封市：通知的报名截止（12月20日）与 1 月至 4 月的实施是市里两个全员培训项目的（§四(二)1、2）；
祥符区、杞县、尉氏县、通许县自行组织实施本区域的培训（§二(三)），通知未说其日程。

A trial's 祥符区 admin (district_admin_xf) read the city's deadline on its home as its own
(正在进行，截止 12-20); the city's districts and schools still read it.
"""
from __future__ import annotations

from datetime import date

from portal.domain import OrgKind, Phase, UnitFacts
from tests.support import signed_in

from plugins.kaifeng import enrollment


def test_the_citys_phases_do_not_concern_the_four_counties_nor_their_schools():
    phase = Phase("enrollment", "报名", date(2026, 12, 15), date(2026, 12, 20))
    assert not enrollment.phase_concerns(phase, UnitFacts("祥符区", OrgKind.DISTRICT, ("开封市",)))
    assert not enrollment.phase_concerns(phase, UnitFacts("杞县一中", OrgKind.SCHOOL, ("杞县", "开封市")))
    assert enrollment.phase_concerns(phase, UnitFacts("鼓楼区", OrgKind.DISTRICT, ("开封市",)))
    assert enrollment.phase_concerns(Phase("other", "其他", date(2026, 12, 15), date(2026, 12, 20)),
                                     UnitFacts("祥符区", OrgKind.DISTRICT, ("开封市",)))


def test_xiangfus_home_does_not_show_the_citys_enrollment_deadline_as_its_own(make_app):
    app = make_app("kaifeng", demo=True)
    assert "正在进行，截止" in signed_in(app, "district_admin").get("/admin/").get_data(as_text=True)
    assert "正在进行，截止" not in signed_in(app, "district_admin_xf").get("/admin/").get_data(as_text=True)
