"""Defects found when a teacher, a principal, an organiser and the admins of ruian and shanxi
tried the portal on a phone (trial5), each pinned by a test that failed before its fix."""
from __future__ import annotations

from tests.support import signed_in


# 1. The imports page sent a principal, who organises no project, to a refused projects page ------


def test_the_imports_page_offers_the_projects_link_only_to_an_organiser(make_app):
    app = make_app("ruian", demo=True)
    principal = signed_in(app, "principal")
    page = principal.get("/admin/imports").get_data(as_text=True)
    assert 'href="/projects"' not in page
    assert principal.get("/projects").status_code == 403
    city = signed_in(app, "city_admin")
    assert 'href="/projects"' in city.get("/admin/imports").get_data(as_text=True)
