"""Use cases: one transaction each, the only code that calls hooks with database data."""
