"""A region's rules may ask less of older teachers (年满 55 周岁的减半): the teacher's birth date,
which the portal holds in every ID number, reaches them in ``TeacherFacts`` and in the rules
command's JSON, where an outside author found no field for it at all."""
from __future__ import annotations

from datetime import date

from sqlalchemy import select

from portal.domain import TeacherFacts
from portal.extensions import db
from portal.models import Teacher
from portal.rulebook import teacher_facts, teacher_json


def test_the_rules_command_reads_and_writes_the_birth_date():
    facts = teacher_facts({"entered_post": "1995-09-01", "birth_date": "1970-05-01"})
    assert facts.birth_date == date(1970, 5, 1)
    assert teacher_json(facts)["birth_date"] == "1970-05-01"
    assert TeacherFacts().birth_date is None


def test_a_teachers_facts_carry_the_birth_date_of_their_id_number(app):
    with app.app_context():
        teacher = db.session.scalars(select(Teacher)).first()
        n = teacher.id_number
        assert teacher.facts().birth_date == date(int(n[6:10]), int(n[10:12]), int(n[12:14]))


def test_the_api_document_names_the_birth_date(client):
    schema = client.get("/api/openapi.json").get_json()["components"]["schemas"]["Teacher"]
    assert "birth_date" in schema["properties"]
