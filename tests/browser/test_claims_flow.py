"""A claim with evidence on a phone, in each region, through its own audit chain: the
claimant sends a photo straight from the camera input, the chain's levels see the file, one
returns the claim with a reason, the claimant reads it and corrects the claim with another
file, and the chain registers it until it counts in the teacher's ledger."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from portal import clock
import pytest
from playwright.sync_api import Page, expect

from .pages import fits, on_phone, succeeded

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
DAY = (clock.today() - timedelta(days=20)).isoformat()


@dataclass(frozen=True)
class Chain:
    region: str
    claimant: str  # who enters the claim: the teacher, or the school for them
    teacher: str  # the demo teacher's name
    kind: str  # the kind's label, as the choice page shows it
    figure: str
    before_return: tuple[tuple[str, str], ...]  # (user, step label) before the return
    returner: tuple[str, str]  # (user, the return's label)
    after_correction: tuple[tuple[str, str], ...]  # (user, step label) until it counts
    counted: str  # the state the teacher's ledger shows at the end


CHAINS = [
    Chain("shanxi", "teacher", "李晓红", "论文发表", "2",
          (("school_admin", "核实并登记"),), ("district_admin", "退回学校重新核实登记"),
          (("school_admin", "核实并登记"), ("district_admin", "审核验证，核定学年学分")), "区县已审核核定"),
    Chain("qingdao", "school_admin", "李晓雯", "其他情况（区教育研究中心据实认定）", "6",
          (("district_admin", "提交审核（区级培训由承担科室登记）"),), ("district_admin", "退回修改"),
          (("district_admin", "提交审核（区级培训由承担科室登记）"), ("district_admin", "审核通过")), "审核通过"),
    Chain("kaifeng", "teacher", "李静", "本平台之外参加的集中培训", "12",
          (), ("district_admin", "退回申报学校补正"),
          (("district_admin", "县区师训部门审核登记"),), "学时已登记"),
    # ruian's chain has no return: the teacher corrects the claim while the school has not decided
    Chain("ruian", "teacher", "陈晓燕", "在本平台以外参加的集中培训", "24",
          (), ("", ""), (("school_admin", "通过"),), "已审核"),
]
TITLE = "外省骨干教师培训（手机测试）"


def open_claims(page: Page, base: str, chain: Chain, tmp_path: Path) -> None:
    """The claimant's list of the teacher's claims: their own, or, for the school, from the teacher's page."""
    unit = "学时" if chain.region == "kaifeng" else "学分"  # kaifeng counts hours
    if chain.claimant == "teacher":
        page.goto(f"{base}/me/")
        page.get_by_role("link", name=f"申报平台外取得的{unit}（附证明材料）").click()
    else:
        page.goto(f"{base}/admin/teachers?q={chain.teacher}")
        page.get_by_role("link", name=chain.teacher).first.click()
        page.get_by_role("link", name=f"{unit}申报").last.click()
    expect(page.locator("main h1")).to_have_text(f"{unit}申报")
    fits(page, tmp_path)


def take(page: Page, base: str, label: str, tmp_path: Path, reason: str = "") -> None:
    page.goto(f"{base}/admin/reviews")
    entry = page.locator(".ledger .entry").filter(has_text=TITLE)
    expect(entry).to_have_count(1)
    expect(entry.locator(".evidence a").first).to_be_visible()  # the evidence is at hand
    fits(page, tmp_path)
    before = entry.locator("summary .state").inner_text()
    if reason:
        step = entry.locator("details.move").filter(has=page.locator("summary", has_text=label))
        step.locator("summary").click()
        step.locator("textarea").fill(reason)
        step.locator("button.primary").click()
    else:
        entry.get_by_role("button", name=label).click()
    # htmx swapped the entry in place, in its new state (still here if the same level acts next)
    expect(page.locator(".ledger .entry").filter(has_text=TITLE).locator("summary .state")).not_to_have_text(before)
    fits(page, tmp_path)


@pytest.mark.parametrize("chain", CHAINS, ids=[c.region for c in CHAINS])
def test_a_claim_with_evidence_goes_through_the_regions_chain(live_server_for, new_context, tmp_path: Path, chain):
    base = live_server_for(chain.region)
    claimant = on_phone(new_context, base, chain.claimant)
    open_claims(claimant, base, chain, tmp_path)
    claimant.locator("main a.button.primary").click()
    claimant.get_by_role("link", name=chain.kind).click()
    fits(claimant, tmp_path)
    # a training elsewhere is asked by its name and last day, an achievement as an award or paper
    claimant.get_by_label(re.compile(r"^(申报内容（奖项、论文、课程、培训名称）|培训名称)$")).fill(TITLE)
    claimant.get_by_label(re.compile(r"^(日期（获奖、发表、结业）|结业日期)$")).fill(DAY)
    claimant.locator("input[name=figure]").fill(chain.figure)
    level = claimant.locator("select[name=level]")
    if level.count():  # asked where the region reads it, from a blank start: the claimant chooses
        expect(level).to_have_value("")
        level.select_option(index=1)
    camera = claimant.get_by_label("拍照上传")
    assert camera.get_attribute("capture") == "environment"
    camera.set_input_files(files=[{"name": "certificate.png", "mimeType": "image/png", "buffer": PNG}])
    claimant.get_by_role("button", name="提交申报").click()
    succeeded(claimant, tmp_path)
    expect(claimant.locator(".ledger .entry").filter(has_text=TITLE)).to_have_count(1)

    people = {}

    def page_of(user: str) -> Page:
        if user == chain.claimant:
            return claimant
        if user not in people:
            people[user] = on_phone(new_context, base, user)
        return people[user]

    for user, label in chain.before_return:
        take(page_of(user), base, label, tmp_path)
    returner, label = chain.returner
    if returner:
        take(page_of(returner), base, label, tmp_path, reason="证书未写明学时，请补充成绩单")

    open_claims(claimant, base, chain, tmp_path)
    claim = claimant.locator(".ledger .entry").filter(has_text=TITLE)
    if returner:
        expect(claim.locator(".reason")).to_contain_text("证书未写明学时，请补充成绩单")
    claim.get_by_role("link", name="更正后重新提交").click()
    fits(claimant, tmp_path)
    claimant.get_by_label("更正了什么").fill("补充成绩单")
    claimant.get_by_label("选择文件（PDF、照片、Word、Excel）").set_input_files(
        files=[{"name": "transcript.pdf", "mimeType": "application/pdf", "buffer": PDF}])
    claimant.get_by_role("button", name="提交更正后的申报").click()
    succeeded(claimant, tmp_path)
    claim = claimant.locator(".ledger .entry").filter(has_text=TITLE)
    expect(claim).to_have_count(1)  # the corrected claim, not a second one
    claim.locator("summary").click()
    expect(claim.locator(".evidence li")).to_have_count(2)

    for user, label in chain.after_correction:
        take(page_of(user), base, label, tmp_path)

    teacher = claimant if chain.claimant == "teacher" else page_of("teacher")
    teacher.goto(f"{base}/me/ledger")
    entries = teacher.locator(".ledger .entry").filter(has_text=TITLE)
    expect(entries).to_have_count(3)  # the first claim, its reversal and the corrected claim
    expect(teacher.locator(".ledger .entry.cancelled").filter(has_text=TITLE)).to_have_count(2)
    entry = teacher.locator(".ledger .entry:not(.cancelled)").filter(has_text=TITLE)
    expect(entry.locator(".state")).to_have_text(chain.counted)
    fits(teacher, tmp_path)
