"""Items seen on the qingdao demo: the needs survey's modes, class expansion (扩班) offered only
where the region's calendar has that phase, the evaluation before a personalized training's
credits in its preview, and annex 3's words."""
from __future__ import annotations

from tests.support import login


def test_the_needs_survey_offers_only_the_modes_qingdaos_rules_credit(make_app):
    """The survey offered 自主研修 and 学历教育, which no qingdao rule credits nor project takes
    (2018 附件1: 集中、网络、校本; the calculator's modes): an answer nothing is recommended from."""
    app = make_app("qingdao", demo=True)
    client = app.test_client()
    login(client, "teacher")
    form = client.get("/me/survey").get_data(as_text=True)
    for offered in ('value="centralized"', 'value="online"', 'value="school_based"', "集中培训", "网络研修", "校本培训"):
        assert offered in form
    for not_offered in ('value="self_study"', 'value="degree"', "自主研修", "学历教育"):
        assert not_offered not in form
    refused = client.post("/me/survey", data={"modes": ["self_study"], "subjects": "语文"})
    assert refused.status_code == 422
    assert client.post("/me/survey", data={"modes": ["online", "school_based"]}).status_code == 303
