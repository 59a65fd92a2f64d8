"""The probation training's parts read alike inside an English sentence: the new hire's page at
375 px (EN) read "Probation training (Centralized training): 0 hours so far" beside "Probation
training (school-based and online training)", and "60 hours more of Centralized training, 60 hours
more of school-based and online training" under her confirmation (§三(二), §五(三)): the shanxi
catalogue's 集中培训 is only the part's name within a sentence, and had been capitalised with the
labels. Chinese reads as before."""
from __future__ import annotations

from datetime import date

from plugins.shanxi.compliance import check
from plugins.shanxi.eligibility import eligibility
from portal.domain import TeacherFacts

HIRED = TeacherFacts(entered_post=date(2026, 9, 1))
AS_OF = date(2026, 12, 7)


def test_the_probation_parts_are_words_within_the_english_sentence():
    confirmation = eligibility(HIRED, [], AS_OF)[-1]
    english = confirmation.reason.render("en")
    assert "(centralized training 0/60 hours, school-based and online training 0/60 hours" in english, english
    assert "Centralized" not in english, english
    assert "60 hours more of centralized training, 60 hours more of school-based" in confirmation.missing.render("en")
    messages = [f.message.render("en") for f in check(HIRED, [], AS_OF).findings if f.code.startswith("probation")]
    assert "Probation training (centralized training): 0 hours so far" in messages[0], messages
    assert not [m for m in messages if "(Centralized" in m], messages
    chinese = confirmation.reason.render("zh_Hans_CN")
    assert "集中培训 0/60 学时，校本培训与网络研修 0/60 学时" in chinese, chinese
