"""The nation's names of school subjects and teachers' professional titles, kept as the
bureaus write them (语文, 一级教师) and shown in the page's language. A name outside these
lists (a school's own course, a region's own title) is shown as written."""
from __future__ import annotations

# Lazy, under the name the message extractor knows: the words are chosen when a page is drawn.
from flask_babel import get_locale, lazy_pgettext as pgettext

# 义务教育课程方案（2022年版）和普通高中课程方案（2017年版2020年修订）的科目
SUBJECTS = {
    "语文": pgettext("subject", "Chinese"),
    "数学": pgettext("subject", "Mathematics"),
    "英语": pgettext("subject", "English"),
    "日语": pgettext("subject", "Japanese"),
    "俄语": pgettext("subject", "Russian"),
    "道德与法治": pgettext("subject", "Morality and Rule of Law"),
    "思想政治": pgettext("subject", "Ideology and Politics"),
    "政治": pgettext("subject", "Politics"),
    "历史": pgettext("subject", "History"),
    "地理": pgettext("subject", "Geography"),
    "物理": pgettext("subject", "Physics"),
    "化学": pgettext("subject", "Chemistry"),
    "生物": pgettext("subject", "Biology"),
    "生物学": pgettext("subject", "Biology"),
    "科学": pgettext("subject", "Science"),
    "信息技术": pgettext("subject", "Information Technology"),
    "信息科技": pgettext("subject", "Information Technology"),
    "通用技术": pgettext("subject", "General Technology"),
    "音乐": pgettext("subject", "Music"),
    "美术": pgettext("subject", "Fine Arts"),
    "艺术": pgettext("subject", "Arts"),
    "体育": pgettext("subject", "Physical Education"),
    "体育与健康": pgettext("subject", "Physical Education and Health"),
    "劳动": pgettext("subject", "Labour"),
    "综合实践活动": pgettext("subject", "Integrated Practical Activities"),
    "心理健康": pgettext("subject", "Mental Health"),
    # 浙江省义务教育的综合科目 (初中), and the kindergarten's own (a phone trial's English page read them in Chinese)
    "历史与社会": pgettext("subject", "History and Society"),
    "学前教育": pgettext("subject", "Preschool Education"),
}

# 中小学教师职称（人社部发〔2015〕79号）
TITLES = {
    "正高级教师": pgettext("title", "Professor-level Senior Teacher"),
    "高级教师": pgettext("title", "Senior Teacher"),
    "一级教师": pgettext("title", "First-grade Teacher"),
    "二级教师": pgettext("title", "Second-grade Teacher"),
    "三级教师": pgettext("title", "Third-grade Teacher"),
}


def subject_label(name: str) -> str:
    return _shown(name, SUBJECTS)


def title_label(name: str | None) -> str | None:
    return _shown(name, TITLES)


def _shown(name, names: dict):
    """On a Chinese page the name as the bureau wrote it (生物学 stays 生物学)."""
    label = names.get(name or "")
    return name if label is None or get_locale().language == "zh" else str(label)
