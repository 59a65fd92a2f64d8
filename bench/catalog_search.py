"""Benchmark: the catalog's keyword search and filters over 10,000 published projects, on
SQLite and PostgreSQL: ``catalog.catalog_page`` in-process (an app context, as a request
runs it) beside a bare SQL query doing the same on the same database (the count and the
page, by LIKE or by the trigram index). Prints ms per query; asserts nothing.

    createdb -h 127.0.0.1 -U postgres bench_catalog
    .venv/bin/python bench/catalog_search.py          # both databases below, emptied first

The projects are a province's year of trainings: organisers from the ministry to schools,
names made of stage, subject, topic, layer and kind (初中语文整本书阅读教学骨干教师研修班),
descriptions of a few sentences; a tenth not published, a fifth ended. A 2-character query
(语文) is below the trigram index's 3 characters: the catalog scans search_text with LIKE;
a longer one (整本书阅读) goes through the index (SQLite FTS5 trigram table, PostgreSQL
pg_trgm GIN).
"""
from __future__ import annotations

import argparse
import random
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import create_engine, func, insert, select, text

import dataset
from measure import header, side_by_side
from portal import clock
from portal import MIGRATIONS
from portal.config import normalise_database_url
from portal.domain import Level, OrgKind, SchoolStage
from portal.extensions import db
from portal.models import OrgUnit, TrainingProject
from portal.models.types import utcnow
from portal.services import catalog, orgs
from portal.services.projects import search_text

DATABASES = ("sqlite:////tmp/bench-catalog.sqlite3", "postgresql://postgres@127.0.0.1:5432/bench_catalog")
PER_PAGE = 20  # PORTAL_PAGE_SIZE's default

CITIES = ("太原", "大同", "阳泉", "长治", "晋城", "朔州", "晋中", "运城", "忻州", "临汾", "吕梁")
DISTRICTS = ("城区", "高新区", "县")
STAGES = {"小学": "primary", "初中": "junior_high", "高中": "senior_high", "幼儿园": "kindergarten",
          "特殊教育": "special", "中职": "vocational"}
SUBJECTS = {  # subject: its usual topics
    "语文": ("整本书阅读", "群文阅读", "古诗文教学", "写作教学", "学习任务群设计", "大单元教学"),
    "数学": ("数学建模", "大单元教学", "数学思维培养", "作业设计", "跨学科主题学习"),
    "英语": ("英语整本书阅读", "英语绘本阅读", "口语交际教学", "大单元教学", "读写结合"),
    "物理": ("实验教学", "物理观念建构", "项目式学习"),
    "化学": ("实验教学", "化学核心素养", "跨学科实践"),
    "生物": ("实验教学", "生命观念", "科学探究"),
    "历史": ("史料实证教学", "家国情怀培育", "大概念教学"),
    "地理": ("地理实践力", "研学旅行设计", "区域认知"),
    "道德与法治": ("思政课一体化", "法治教育", "议题式教学"),
    "音乐": ("合唱指导", "器乐进课堂"), "美术": ("非遗进课堂", "艺术实践"),
    "体育与健康": ("大课间设计", "体能训练", "运动技能教学"),
    "信息科技": ("人工智能教育", "编程教学", "数字素养"), "科学": ("科学探究", "STEM教育"),
    "心理健康": ("心理辅导技能", "危机干预"),
}
GENERAL = ("班主任工作能力提升", "信息技术应用能力提升工程2.0", "师德师风建设", "新课标解读", "教学评一致性",
           "“双减”背景下的作业设计", "家校社协同育人", "课堂观察与诊断", "教育科研方法", "人工智能赋能教学")
LAYERS = ("新任教师", "青年教师", "骨干教师", "学科带头人", "乡村教师", "名师工作室成员", "")
KINDS = ("研修班", "培训班", "高级研修班", "工作坊", "专题培训", "网络研修", "示范课观摩活动", "跟岗实践")
ABILITIES = ("课堂教学能力", "教学设计能力", "作业设计与评价能力", "课程实施能力", "育人能力", "信息化教学能力")
WAYS = ("专家讲座", "课例研讨", "同课异构", "跟岗学习", "分组研讨", "成果展示", "名师示范课")


def units() -> list[tuple[OrgUnit, str]]:
    """The organisers, from the ministry to schools, each with the level of its trainings."""
    ministry = orgs.add_unit(None, OrgKind.PROVINCE, "moe", "教育部教师工作司")
    province = orgs.add_unit(None, OrgKind.PROVINCE, "sx", "山西省教育厅")
    found = [(ministry, "national"), (province, "provincial")]
    for code, name in (("sx-ky", "山西省教育科学研究院"), ("sx-sd", "山西师范大学教师教育学院"),
                       ("sx-px", "山西省中小学教师培训中心")):
        found.append((orgs.add_unit(province, OrgKind.INSTITUTION, code, name), "provincial"))
    for c, city in enumerate(CITIES):
        bureau = orgs.add_unit(province, OrgKind.CITY, f"c{c}", f"{city}市教育局")
        found += [(bureau, "city"), (orgs.add_unit(bureau, OrgKind.INSTITUTION, f"c{c}-fz", f"{city}市教师发展中心"), "city")]
        for d, district in enumerate(DISTRICTS):
            county = orgs.add_unit(bureau, OrgKind.DISTRICT, f"c{c}d{d}", f"{city}市{district}教育局")
            found += [(county, "county"),
                      (orgs.add_unit(county, OrgKind.INSTITUTION, f"c{c}d{d}-jx", f"{city}市{district}教师进修学校"),
                       "county")]
            for s, school in enumerate(("实验小学", "第一中学", "第二中学")):
                found.append((orgs.add_unit(county, OrgKind.SCHOOL, f"c{c}d{d}s{s}", f"{city}市{district}{school}"),
                              "school"))
    db.session.commit()
    return found


def project_row(rng: random.Random, organiser: OrgUnit, level: str, today: date) -> dict:
    stage = rng.choice(list(STAGES))
    subject = rng.choice([*SUBJECTS, ""])  # one in 16 for every subject
    topic = rng.choice(SUBJECTS[subject]) if subject and rng.random() < 0.7 else rng.choice(GENERAL)
    layer = rng.choice(LAYERS)
    year = today.year
    prefix = {"national": f"“国培计划（{year}）”—", "provincial": f"{year}年山西省"}.get(level, rng.choice(("", f"{year}年")))
    name = f"{prefix}{stage}{subject}{topic}{layer}{rng.choice(KINDS)}"
    description = (f"本项目面向{organiser.name.removesuffix('教育局')}{stage}{subject}{layer or ''}教师，围绕{topic}，"
                   f"通过{'、'.join(rng.sample(WAYS, 3))}等方式，提升教师的{rng.choice(ABILITIES)}。"
                   + rng.choice(("", "学员须完成研修作业并提交教学设计一份。", "结业考核合格者登记继续教育学分。",
                                 f"本期重点研讨{rng.choice(SUBJECTS['语文'])}与{rng.choice(GENERAL)}的结合。")))
    online = rng.random() < 0.2
    start = today + timedelta(days=rng.randint(-100, 400))
    end = start + timedelta(days=rng.randint(30, 90) if online else rng.randint(0, 9))
    classes, class_size = rng.choice((1, 1, 2, 3)), rng.choice((30, 40, 50, 60, 100))
    topics = [topic] + ([rng.choice(GENERAL)] if rng.random() < 0.3 else [])
    return {
        "organiser_id": organiser.id, "name": name, "level": level,
        "mode": "online" if online else rng.choice(("centralized", "centralized", "school_based")),
        "start_date": start, "end_date": end, "year": start.year, "stages": [STAGES[stage]],
        "subjects": [subject] if subject else [], "topics": topics, "description": description,
        "hours": Decimal(rng.choice((6, 12, 24, 30, 40, 50))), "capacity": classes * class_size,
        "taken": rng.randint(0, classes * class_size), "classes": classes, "class_size": class_size,
        "status": rng.choices(("published", "draft", "withdrawn"), (90, 7, 3))[0],
        "published_at": utcnow() - timedelta(minutes=rng.randint(0, 200_000)), "layer": layer or None,
        "search_text": search_text(name, organiser.name, topics, description), "created_at": utcnow(),
        "fee": Decimal(0), "approval_required": False, "lodging": False, "region_fields": {},
        "assessment_weights": {}, "review_note": "",
    }


def build(url: str, count: int) -> None:
    dataset.reset(url)
    app = dataset.app_for(url)
    with app.app_context():
        from flask_migrate import upgrade

        upgrade(directory=str(MIGRATIONS), revision="heads")
        rng, today = random.Random(11), clock.today()
        organisers = units()
        db.session.execute(insert(TrainingProject), [project_row(rng, *rng.choice(organisers), today)
                                                     for _ in range(count)])
        db.session.commit()
        dataset.analyze()
        db.session.remove()
        db.engine.dispose()


def bare_query(engine, q: str = "", where: str = "", page: int = 1, **values):
    """The count and the page, as a hand-written query would ask them."""
    clauses = ["p.status = 'published'", "p.end_date >= :today"]
    if q and engine.dialect.name == "sqlite" and len(q) >= catalog.MIN_TRIGRAM:
        clauses.append("p.id IN (SELECT rowid FROM project_search WHERE project_search MATCH :phrase)")
        values["phrase"] = f'"{q}"'
    elif q:
        clauses.append("p.search_text LIKE :like")
        values["like"] = f"%{q}%"
    if where:
        clauses.append(where)
    condition = " AND ".join(clauses)
    count = text(f"SELECT count(*) FROM training_project p WHERE {condition}")
    rows = text(f"SELECT p.id, p.name, p.level, p.mode, p.start_date, p.end_date, p.hours, p.capacity, p.taken, "
                f"o.name FROM training_project p JOIN org_unit o ON o.id = p.organiser_id WHERE {condition} "
                "ORDER BY p.published_at DESC, p.id DESC LIMIT :limit OFFSET :skip")
    values.update(today=clock.today(), limit=PER_PAGE, skip=(page - 1) * PER_PAGE)

    def run():
        with engine.connect() as conn:
            conn.execute(count, values).scalar()
            return conn.execute(rows, values).all()

    return run


def filters(dialect: str) -> str:
    """City level, junior high, 数学 (or for every stage or subject), seats left."""
    def has(column, value):
        if dialect == "sqlite":
            return f"EXISTS (SELECT 1 FROM json_each(p.{column}) WHERE json_each.value = '{value}')"
        return f"CAST(p.{column} AS JSONB) @> jsonb_build_array('{value}'::text)"

    return (f"p.level = 'city' AND (json_array_length(p.stages) = 0 OR {has('stages', 'junior_high')}) "
            f"AND (json_array_length(p.subjects) = 0 OR {has('subjects', '数学')}) "
            "AND (p.capacity IS NULL OR p.taken < p.capacity)")


def measure(url: str, seconds: float, rounds: int) -> None:
    app = dataset.app_for(url)
    engine = create_engine(normalise_database_url(url))
    with app.app_context():
        published = db.session.scalar(select(func.count()).select_from(TrainingProject).where(
            TrainingProject.status == "published", TrainingProject.end_date >= clock.today()))
        total = db.session.scalar(select(func.count()).select_from(TrainingProject))
        late = published // PER_PAGE - 1
        dialect = db.engine.dialect.name

        def portal(query: catalog.CatalogQuery):
            def run():
                page = catalog.catalog_page(query, PER_PAGE, clock.today())
                db.session.remove()  # as a request's end does
                return page

            return run

        cases = (
            ("q=语文 (2 characters: LIKE)", catalog.CatalogQuery(q="语文"), bare_query(engine, "语文")),
            ("q=整本书阅读 (trigram index)", catalog.CatalogQuery(q="整本书阅读"), bare_query(engine, "整本书阅读")),
            ("filters only (level, stage, subject, seats)",
             catalog.CatalogQuery(level=Level.CITY, stage=SchoolStage.JUNIOR_HIGH, subject="数学", seats=True),
             bare_query(engine, where=filters(dialect))),
            ("no query, page 1", catalog.CatalogQuery(), bare_query(engine)),
            (f"no query, page {late}", catalog.CatalogQuery(page=late), bare_query(engine, page=late)),
        )
        header(f"{dialect}: {published:,} of {total:,} projects in the catalog (ms per query; the baseline: bare SQL)")
        for label, query, bare in cases:
            found = catalog.catalog_page(query, PER_PAGE, clock.today())
            db.session.remove()
            assert [r.project.id for r in found.items] == [r[0] for r in bare()], label  # the same page
            side_by_side(f"{label}: {found.total:,} found", portal(query), bare, seconds, rounds)
    engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", action="append", help=f"SQLAlchemy URL, again for more (default {DATABASES})")
    parser.add_argument("--projects", type=int, default=10_000)
    parser.add_argument("--seconds", type=float, default=1.0, help="each turn")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--keep", action="store_true", help="measure the databases as they are (built before)")
    args = parser.parse_args()
    for url in args.database or DATABASES:
        if not args.keep:
            build(url, args.projects)
        measure(url, args.seconds, args.rounds)


if __name__ == "__main__":
    main()
