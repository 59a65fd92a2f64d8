"""The catalog's trigram index lives outside the models' metadata: SQLite's FTS5 table (and
the shadow tables it makes) and PostgreSQL's GIN index come from migration 0010 alone."""
from __future__ import annotations

SEARCH_TABLE = "project_search"
SEARCH_INDEX = "ix_training_project_search"


def in_metadata(name, type_, parent_names) -> bool:
    """For Alembic's ``include_name``: False for the search index's own objects, which the models do not declare."""
    if type_ == "table":
        return not (name or "").startswith(SEARCH_TABLE)
    if type_ == "index":
        return name != SEARCH_INDEX
    return True
